package dev.tokenledger.api.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The time bucket of a spend query: days, ISO weeks and months are calendar periods in the organisation
 * time zone; an hour is a UTC clock hour (an instant), answered from the events, so a client can build
 * periods in any whole-hour time zone and 5-hour billing blocks from it exactly.
 */
public enum Granularity {
  TOTAL,
  HOUR,
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
