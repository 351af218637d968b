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

  /** The column holding this bucket's first day, or null for {@link #TOTAL}. */
  public String bucketColumn(SpendTable table) {
    return switch (this) {
      case TOTAL -> null;
      case DAY -> table.dayColumn();
      case WEEK -> table.weekColumn();
      case MONTH -> table.monthColumn();
    };
  }

  public static Granularity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown granularity '" + text + "' (known: "
          + Arrays.stream(values()).map(g -> g.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
    }
  }
}
