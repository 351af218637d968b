package dev.tokenledger.api.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The time bucket of a spend query, computed in the organisation time zone. */
public enum Granularity {
  TOTAL,
  DAY,
  WEEK,
  MONTH;

  public static Granularity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown granularity '" + text + "' (known: "
          + Arrays.stream(values()).map(g -> g.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
    }
  }
}
