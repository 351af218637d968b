package dev.tokenledger.api.auth;

/** Turns the bearer credential of a request into the caller. */
public interface Authenticator {

  /**
   * The caller {@code bearer} (the text after {@code Authorization: Bearer }) identifies; throws
   * {@link AuthenticationException} when it identifies nobody, and {@code AuthUnavailableException}
   * when the store or issuer needed to decide cannot be reached.
   */
  Principal authenticate(String bearer);
}
