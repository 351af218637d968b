package dev.tokenledger.reconciliation;

/** Variance alerts could not be handed over (the broker or the registry did not answer in time). */
public final class VariancePublishException extends RuntimeException {

  public VariancePublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
