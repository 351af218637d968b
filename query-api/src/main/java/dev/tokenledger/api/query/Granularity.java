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

  /** The SQL expression of the bucket start (a Date) for a DateTime column in time zone {@code tz}. */
  public String bucketSql(String timeColumn, String tz) {
    String zone = SqlLiteral.string(tz);
    return switch (this) {
      case TOTAL -> null;
      case DAY -> "toDate(" + timeColumn + ", " + zone + ")";
      case WEEK -> "toMonday(" + timeColumn + ", " + zone + ")";
      case MONTH -> "toStartOfMonth(" + timeColumn + ", " + zone + ")";
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
