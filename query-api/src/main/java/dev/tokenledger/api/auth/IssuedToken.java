package dev.tokenledger.api.auth;

/**
 * A token just issued: the stored token and its plaintext {@code tlk_<id>_<secret>}, which exists only
 * here, is shown to the user once and is never stored or logged ({@link #toString()} leaves it out).
 */
public record IssuedToken(ApiToken token, String plaintext) {

  @Override
  public String toString() {
    return "IssuedToken[token=" + token + ", plaintext=(hidden)]";
  }
}
