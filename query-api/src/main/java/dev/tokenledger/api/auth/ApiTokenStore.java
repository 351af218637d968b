package dev.tokenledger.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API tokens are kept (hashed). Every method throws {@link TokenStoreException} when the store
 * cannot be reached.
 */
public interface ApiTokenStore {

  /** Stores a new token. */
  void create(ApiToken token);

  /** The organisation's tokens, revoked and expired ones included, oldest first. */
  List<ApiToken> list(String orgId);

  /**
   * Revokes token {@code tokenId} of organisation {@code orgId} at {@code at}; returns the revoked token,
   * or empty when the organisation has no such token. Revoking a revoked token keeps its first time.
   */
  Optional<ApiToken> revoke(String orgId, String tokenId, Instant at);

  /** The token with id {@code tokenId} in any organisation (the id is the lookup key of authentication). */
  Optional<ApiToken> find(String tokenId);
}
