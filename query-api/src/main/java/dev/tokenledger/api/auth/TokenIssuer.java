package dev.tokenledger.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/** Issues API tokens: a new random secret, stored hashed; the plaintext is returned once. */
public final class TokenIssuer {

  private final ApiTokenStore store;
  private final TokenSecrets secrets;
  private final Clock clock;

  public TokenIssuer(ApiTokenStore store, TokenSecrets secrets, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * Issues a token for {@code userId} of {@code orgId}; {@code lifetime} empty = it never expires. A
   * manager needs at least one team.
   */
  public IssuedToken issue(String orgId, String userId, String email, Set<String> teams, Role role, String label,
      String createdBy, Optional<Duration> lifetime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    TokenSecrets.Parts parts = secrets.generate();
    ApiToken token = new ApiToken(parts.id(), orgId, TokenSecrets.sha256Hex(parts.secret()), userId, email, teams, role, label,
        now, createdBy, lifetime.map(now::plus), Optional.empty());
    store.create(token);
    return new IssuedToken(token, parts.plaintext());
  }
}
