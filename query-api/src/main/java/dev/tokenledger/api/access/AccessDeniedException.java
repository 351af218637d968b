package dev.tokenledger.api.access;

/** A question the caller's role does not allow; the message names the parameter and the reason. */
public final class AccessDeniedException extends RuntimeException {

  public AccessDeniedException(String message) {
    super(message);
  }
}
