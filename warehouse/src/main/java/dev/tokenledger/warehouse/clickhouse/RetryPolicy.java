package dev.tokenledger.warehouse.clickhouse;

import java.time.Duration;
import java.util.Objects;

/**
 * The warehouse's settings for bounded exponential backoff, a view of the shared
 * {@link dev.tokenledger.retry.RetryPolicy} (ADR 0307): waits doubling from {@code initialBackoff} up to
 * {@code maxBackoff}, no jitter, no attempt limit, and {@code giveUpAfter} as the deadline.
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

  /** The shared policy these settings describe. */
  public dev.tokenledger.retry.RetryPolicy shared() {
    return dev.tokenledger.retry.RetryPolicy.exponential(initialBackoff, maxBackoff).withDeadline(giveUpAfter);
  }

  /** The wait after the {@code attempt}-th consecutive failure (1-based; 0 or less counts as 1). */
  public Duration backoff(int attempt) {
    return shared().delay(Math.max(1, attempt));
  }
}
