package dev.tokenledger.alerts.config;

import dev.tokenledger.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How one delivery is attempted and retried: each attempt is one HTTP request ({@code connectTimeout},
 * {@code requestTimeout}); transient failures (I/O, 408, 429, 5xx) are retried with exponential backoff
 * and jitter until {@code maxAttempts} or {@code giveUpAfter}, then the delivery is dead-lettered.
 *
 * @param jitterPercent how much a wait may be shortened at random, 0..99
 * @param maxPendingBreaches consumption pauses while this many breaches are not settled on every channel
 * @param maxRetryAfter the longest pause a receiver's {@code Retry-After} may impose on its channel (zero:
 *     the header is ignored and the backoff alone applies)
 */
public record DeliverySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int jitterPercent,
    Duration giveUpAfter, Duration connectTimeout, Duration requestTimeout, int maxPendingBreaches, Duration maxRetryAfter) {

  public DeliverySettings {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
  }

  /** The retry policy of one delivery. */
  public RetryPolicy retryPolicy() {
    return RetryPolicy.exponential(initialBackoff, maxBackoff).withJitter(jitterPercent / 100.0)
        .withMaxAttempts(maxAttempts).withDeadline(giveUpAfter);
  }
}
