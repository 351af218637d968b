package dev.tokenledger.api.auth;

/** The token store could not be read or written (unreachable, failing); nothing was decided. */
public final class TokenStoreException extends RuntimeException {

  public TokenStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
