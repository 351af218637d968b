package dev.tokenledger.alerts.channel;

/**
 * A failed delivery attempt. Its message is safe to log and to put on the dead-letter topic: channels build
 * it without URLs, secrets or response bodies.
 */
public final class DeliveryException extends Exception {

  private static final long serialVersionUID = 1L;
  private final boolean retriable;

  public DeliveryException(String safeMessage, boolean retriable) {
    super(safeMessage, null, false, false);
    this.retriable = retriable;
  }

  /** Whether another attempt may succeed (I/O failures, 408, 429, 5xx), as opposed to a refusal (other 4xx). */
  public boolean retriable() {
    return retriable;
  }
}
