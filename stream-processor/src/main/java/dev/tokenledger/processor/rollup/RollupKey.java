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

  @Override
  public String toString() {
    return asString();
  }
}
