package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.rollup.RollupBuckets;
import java.math.BigDecimal;

/**
 * The cost of every rollup an accepted event was just added to, by dimension and period, handed from
 * the rollup processor to the budget processor with the event (same task, same transaction), so a
 * budget check does not read the rollup store again.
 */
final class RollupSpend {

  private final String[] values = new String[Scope.values().length];
  private final BigDecimal[][] costs = new BigDecimal[Scope.values().length][RollupBuckets.PERIODS.length];

  void set(Scope dimension, String value, Period period, BigDecimal cost) {
    values[dimension.ordinal()] = value;
    costs[dimension.ordinal()][RollupBuckets.slot(period)] = cost;
  }

  /** The spend of the rollup (dimension, value, period) this event went into, or null if it went into none. */
  BigDecimal cost(Scope dimension, String value, Period period) {
    int d = dimension.ordinal();
    return value != null && value.equals(values[d]) ? costs[d][RollupBuckets.slot(period)] : null;
  }
}
