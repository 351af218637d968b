package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import java.math.BigDecimal;

/**
 * The cost of every rollup an accepted event was just added to, by dimension and period, handed from
 * the rollup processor to the budget processor with the event (same task, same transaction), so a
 * budget check does not read the rollup store again. It refers to the live buckets: it is read while the
 * event is forwarded, before the next event can change them, and a cost is computed only when a budget
 * asks for it.
 */
final class RollupSpend {

  private final String[] values = new String[Scope.values().length];
  private final RollupBucket[][] buckets = new RollupBucket[Scope.values().length][RollupBuckets.PERIODS.length];

  void set(Scope dimension, String value, Period period, RollupBucket bucket) {
    values[dimension.ordinal()] = value;
    buckets[dimension.ordinal()][RollupBuckets.slot(period)] = bucket;
  }

  /** The spend of the rollup (dimension, value, period) this event went into, or null if it went into none. */
  BigDecimal cost(Scope dimension, String value, Period period) {
    int d = dimension.ordinal();
    RollupBucket b = value != null && value.equals(values[d]) ? buckets[d][RollupBuckets.slot(period)] : null;
    return b == null ? null : b.cost();
  }
}
