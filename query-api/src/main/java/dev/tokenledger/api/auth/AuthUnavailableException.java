package dev.tokenledger.api.auth;

/** The token store or the identity provider's keys could not be reached, so no decision was possible. */
public final class AuthUnavailableException extends RuntimeException {

  public AuthUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
