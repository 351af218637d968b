package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.Period;
import java.util.Objects;

/**
 * The buckets of one dimension value in one organisation, at most one per period kind (hour, day,
 * week, month). The rollup store keeps one of these per dimension value holding each period's
 * current bucket, so an event costs one store write per dimension instead of one per dimension and
 * period; an older bucket that can still receive late events is kept alone in one of these under its
 * own rollup key.
 */
public final class RollupBuckets {

  /** Period kinds in slot order. */
  public static final Period[] PERIODS = {Period.HOUR, Period.DAY, Period.WEEK, Period.MONTH};

  private final String orgId;
  private final RollupBucket[] slots = new RollupBucket[PERIODS.length];

  public RollupBuckets(String orgId) {
    this.orgId = Objects.requireNonNull(orgId, "orgId");
  }

  public static int slot(Period p) {
    return switch (p) {
      case HOUR -> 0;
      case DAY -> 1;
      case WEEK -> 2;
      case MONTH -> 3;
      default -> throw new IllegalArgumentException("no rollup bucket for period " + p);
    };
  }

  public String orgId() {
    return orgId;
  }

  /** The bucket of this period kind, or null. */
  public RollupBucket get(Period p) {
    return slots[slot(p)];
  }

  RollupBucket slot(int i) {
    return slots[i];
  }

  /** Sets the bucket of its period kind and returns the one it replaces (or null). */
  public RollupBucket put(RollupBucket b) {
    int i = slot(b.period());
    RollupBucket old = slots[i];
    slots[i] = b;
    return old;
  }

  public void remove(Period p) {
    slots[slot(p)] = null;
  }

  public boolean isEmpty() {
    for (RollupBucket b : slots) {
      if (b != null) {
        return false;
      }
    }
    return true;
  }
}
