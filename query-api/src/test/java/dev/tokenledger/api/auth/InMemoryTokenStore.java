package dev.tokenledger.api.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake {@link ApiTokenStore} counting its look-ups; {@link #down} makes it fail like an unreachable warehouse. */
public final class InMemoryTokenStore implements ApiTokenStore {

  final Map<String, ApiToken> tokens = new LinkedHashMap<>();
  int finds;
  boolean down;

  @Override
  public synchronized void create(ApiToken token) {
    tokens.put(token.id(), token);
  }

  @Override
  public synchronized List<ApiToken> list(String orgId) {
    return new ArrayList<>(tokens.values().stream().filter(t -> t.orgId().equals(orgId)).toList());
  }

  @Override
  public synchronized Optional<ApiToken> revoke(String orgId, String tokenId, Instant at) {
    ApiToken t = tokens.get(tokenId);
    if (t == null || !t.orgId().equals(orgId)) {
      return Optional.empty();
    }
    ApiToken revoked = t.revoked().isPresent() ? t : t.revokedAt(at);
    tokens.put(tokenId, revoked);
    return Optional.of(revoked);
  }

  @Override
  public synchronized Optional<ApiToken> find(String tokenId) {
    finds++;
    if (down) {
      throw new TokenStoreException("store down", new RuntimeException("connection refused"));
    }
    return Optional.ofNullable(tokens.get(tokenId));
  }
}
