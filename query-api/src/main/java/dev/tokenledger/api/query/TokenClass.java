package dev.tokenledger.api.query;

import java.util.Locale;

/** The billing classes of tokens, as reported in every spend row. */
public enum TokenClass {
  INPUT,
  OUTPUT,
  CACHE_WRITE_5M,
  CACHE_WRITE_1H,
  CACHE_READ,
  REASONING;

  /** Output column / JSON name, e.g. {@code cache_read_tokens}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT) + "_tokens";
  }
}
