package dev.tokenledger.alerts.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed delivery attempt. Its message is safe to log and to put on the dead-letter topic: channels build
 * it without URLs, secrets or response bodies.
 */
public final class DeliveryException extends Exception {

  private static final long serialVersionUID = 1L;
  private final boolean retriable;
  private final Duration retryAfter;

  public DeliveryException(String safeMessage, boolean retriable) {
    this(safeMessage, retriable, null);
  }

  /** @param retryAfter how long the receiver asked to be left alone (its {@code Retry-After}), or null */
  public DeliveryException(String safeMessage, boolean retriable, Duration retryAfter) {
    super(safeMessage, null, false, false);
    this.retriable = retriable;
    this.retryAfter = retryAfter;
  }

  /** The pause the receiver asked for with {@code Retry-After}, when it did and the failure is retriable. */
  public Optional<Duration> retryAfter() {
    return retriable ? Optional.ofNullable(retryAfter) : Optional.empty();
  }

  /** Whether another attempt may succeed (I/O failures, 408, 429, 5xx), as opposed to a refusal (other 4xx). */
  public boolean retriable() {
    return retriable;
  }
}
