package dev.tokenledger.warehouse.clickhouse;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff for transient failures.
 *
 * @param initialBackoff wait after the first failure
 * @param maxBackoff upper bound of one wait (the wait doubles up to it)
 * @param giveUpAfter total time after the first failure when retrying stops and the failure is final
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("max backoff " + maxBackoff + " is shorter than the initial backoff " + initialBackoff);
    }
    if (giveUpAfter.isNegative()) {
      throw new IllegalArgumentException("give-up time must not be negative, got " + giveUpAfter);
    }
  }

  /** The wait after the {@code attempt}-th consecutive failure (1-based). */
  public Duration backoff(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
