package dev.tokenledger.retry;

import java.time.Duration;

/**
 * A {@link RetryLoop} stopped retrying: the policy's attempts or time were used up, or the thread was
 * interrupted while waiting (then the thread's interrupt flag is set again). The cause is the last
 * failure. Checked, so every caller decides what its own users see.
 */
public final class RetriesExhaustedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final Duration elapsed;
  private final boolean interrupted;

  RetriesExhaustedException(int attempts, Duration elapsed, boolean interrupted, Throwable lastFailure) {
    super((interrupted ? "interrupted while waiting to retry after " : "gave up after ") + attempts
        + " attempts over " + elapsed.toMillis() + " ms: " + lastFailure, lastFailure);
    this.attempts = attempts;
    this.elapsed = elapsed;
    this.interrupted = interrupted;
  }

  /** Attempts made, all failed. */
  public int attempts() {
    return attempts;
  }

  /** Time from the first failure to the last. */
  public Duration elapsed() {
    return elapsed;
  }

  /** True when the wait before the next attempt was interrupted rather than the policy used up. */
  public boolean interrupted() {
    return interrupted;
  }

  public Throwable lastFailure() {
    return getCause();
  }
}
