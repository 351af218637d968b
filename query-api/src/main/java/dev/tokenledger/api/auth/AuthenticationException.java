package dev.tokenledger.api.auth;

/**
 * A credential that does not authenticate anyone: missing, malformed, unknown, revoked, expired or
 * signed by the wrong key. The message is safe to return to the caller (it never echoes a secret).
 */
public final class AuthenticationException extends RuntimeException {

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
