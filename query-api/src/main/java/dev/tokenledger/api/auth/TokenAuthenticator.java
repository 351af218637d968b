package dev.tokenledger.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates API tokens ({@code tlk_<id>_<secret>}) against the {@link ApiTokenStore}: the token is
 * found by its id, its secret checked against the stored hash (constant time), then revocation and
 * expiry (against the injected clock). A token found active is remembered for {@code cacheTtl} so that
 * not every request reads the store; hence <b>a revocation takes effect within {@code cacheTtl}</b>
 * (default 30 s). The secret and expiry are checked on every request, cached or not. Unknown, wrong,
 * revoked and expired tokens are all refused with the same message, so a caller learns nothing about
 * which tokens exist; only a malformed token is told so.
 */
public final class TokenAuthenticator implements Authenticator {

  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
  static final String REFUSED = "invalid or revoked API token";

  private record Cached(ApiToken token, Instant until) {}

  private final ApiTokenStore store;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public TokenAuthenticator(ApiTokenStore store, Clock clock, Duration cacheTtl) {
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("the token cache TTL must not be negative: " + cacheTtl);
    }
    this.store = store;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  @Override
  public Principal authenticate(String bearer) {
    TokenSecrets.Parts parts = TokenSecrets.parse(bearer);
    Instant now = clock.instant();
    ApiToken token = lookUp(parts.id(), now).orElseThrow(() -> new AuthenticationException(REFUSED));
    if (!TokenSecrets.matches(parts.secret(), token.secretSha256()) || !token.activeAt(now)) {
      throw new AuthenticationException(REFUSED);
    }
    return token.principal();
  }

  private Optional<ApiToken> lookUp(String id, Instant now) {
    Cached c = cache.get(id);
    if (c != null && now.isBefore(c.until())) {
      return Optional.of(c.token());
    }
    cache.remove(id);
    Optional<ApiToken> found;
    try {
      found = store.find(id);
    } catch (TokenStoreException e) {
      throw new AuthUnavailableException("the API token store cannot be reached", e);
    }
    found.filter(t -> t.activeAt(now) && !cacheTtl.isZero())
        .ifPresent(t -> cache.put(id, new Cached(t, now.plus(cacheTtl))));
    return found;
  }
}
