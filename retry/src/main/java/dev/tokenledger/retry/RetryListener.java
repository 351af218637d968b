package dev.tokenledger.retry;

import java.time.Duration;

/** Told about retries, for a caller's log lines and counters. Both methods do nothing by default. */
public interface RetryListener {

  RetryListener NONE = new RetryListener() { };

  /**
   * A retriable failure; the loop waits {@code wait} and tries again.
   *
   * @param failures consecutive failures so far (1 after the first)
   */
  default void retrying(int failures, Throwable failure, Duration wait) { }

  /** The operation succeeded after {@code failures} failed attempts (never called when it first succeeds). */
  default void recovered(int failures) { }
}
