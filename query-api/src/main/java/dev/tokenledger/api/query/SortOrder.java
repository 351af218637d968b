package dev.tokenledger.api.query;

import java.util.Locale;

/**
 * The order of answer rows within each period; always total, so pages never overlap or skip a row.
 */
public enum SortOrder {
  /** Group-by values ascending. */
  KEYS,
  /** Cost descending, then group-by values ascending. */
  COST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SortOrder parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "keys", "key", "name" -> KEYS;
      case "cost", "cost_usd" -> COST;
      default -> throw new IllegalArgumentException("order: unknown order '" + text + "' (known: keys, cost)");
    };
  }
}
