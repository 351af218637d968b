package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.time.Instant;
import java.util.Objects;

/**
 * Identity of one rollup: {@code <dimension>|<value>|<period>|<periodStart ISO>}, the key of the
 * rollup topic and of the rollup store.
 */
public record RollupKey(Scope dimension, String value, Period period, Instant periodStart) {

  public RollupKey {
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(periodStart, "periodStart");
  }

  public String asString() {
    return dimension + "|" + value + "|" + period + "|" + periodStart;
  }

  /** {@link #asString()} without building the record. */
  public static String asString(Scope dimension, String value, Period period, long periodStartMillis) {
    return dimension + "|" + value + "|" + period + "|" + Instant.ofEpochMilli(periodStartMillis);
  }

  /** Parses {@link #asString()} (the value may itself contain '|'). */
  public static RollupKey parse(String key) {
    int first = key.indexOf('|');
    int last = key.lastIndexOf('|');
    int periodAt = key.lastIndexOf('|', last - 1);
    if (first < 0 || periodAt <= first) {
      throw new IllegalArgumentException("not a rollup key: " + key);
    }
    return new RollupKey(Scope.valueOf(key.substring(0, first)), key.substring(first + 1, periodAt),
        Period.valueOf(key.substring(periodAt + 1, last)), Instant.parse(key.substring(last + 1)));
  }

  @Override
  public String toString() {
    return asString();
  }
}
