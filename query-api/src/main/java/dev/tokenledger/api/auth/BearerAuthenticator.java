package dev.tokenledger.api.auth;

import java.util.Optional;

/**
 * The API's one authenticator: an API token ({@code tlk_…}) goes to the token authenticator, a JWT
 * (three dot-separated parts) to the identity provider's authenticator when one is configured; anything
 * else is refused naming what is accepted.
 */
public final class BearerAuthenticator implements Authenticator {

  private final Authenticator tokens;
  private final Optional<Authenticator> jwts;

  public BearerAuthenticator(Authenticator tokens, Optional<Authenticator> jwts) {
    this.tokens = tokens;
    this.jwts = jwts;
  }

  @Override
  public Principal authenticate(String bearer) {
    if (bearer == null || bearer.isBlank()) {
      throw new AuthenticationException("missing bearer credential: expected " + accepted());
    }
    String b = bearer.strip();
    if (TokenSecrets.looksLikeToken(b)) {
      return tokens.authenticate(b);
    }
    if (jwts.isPresent() && looksLikeJwt(b)) {
      return jwts.get().authenticate(b);
    }
    throw new AuthenticationException("unrecognised bearer credential: expected " + accepted());
  }

  private String accepted() {
    return jwts.isPresent() ? "an API token (tlk_…) or an OIDC ID token (JWT)" : "an API token (tlk_…)";
  }

  private static boolean looksLikeJwt(String b) {
    int first = b.indexOf('.');
    int second = first < 0 ? -1 : b.indexOf('.', first + 1);
    return first > 0 && second > first + 1 && second < b.length() - 1 && b.indexOf('.', second + 1) < 0;
  }
}
