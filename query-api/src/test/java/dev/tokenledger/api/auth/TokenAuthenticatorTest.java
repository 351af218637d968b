package dev.tokenledger.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
    void advance(Duration d) { now = now.plus(d); }
  }

  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final MovableClock clock = new MovableClock();
  private final TokenIssuer issuer = new TokenIssuer(store, new TokenSecrets(), clock);
  private final TokenAuthenticator auth = new TokenAuthenticator(store, clock, Duration.ofSeconds(30));

  private IssuedToken issue(Role role, Set<String> teams, Optional<Duration> lifetime) {
    return issuer.issue("acme", "alice", "alice@acme.example", teams, role, "laptop", "test", lifetime);
  }

  @Test
  void aValidTokenIsItsUser() {
    IssuedToken t = issue(Role.MANAGER, Set.of("platform", "data"), Optional.empty());
    Principal p = auth.authenticate(t.plaintext());
    assertThat(p).isEqualTo(new Principal("acme", "alice", "alice@acme.example", Set.of("platform", "data"), Role.MANAGER,
        "token:" + t.token().id()));
    assertThat(store.tokens.get(t.token().id()).secretSha256()).isEqualTo(TokenSecrets.sha256Hex(t.plaintext().substring(17)))
        .doesNotContain(t.plaintext().substring(17));
    assertThat(t.toString()).doesNotContain(t.plaintext());
  }

  @Test
  void unknownWrongRevokedAndExpiredTokensGetTheSameAnswer() {
    IssuedToken good = issue(Role.DEVELOPER, Set.of(), Optional.of(Duration.ofDays(1)));
    String wrongSecret = good.plaintext().substring(0, 17) + new TokenSecrets().generate().secret();
    String unknown = new TokenSecrets().generate().plaintext();
    for (String bad : new String[] {wrongSecret, unknown}) {
      assertThatThrownBy(() -> auth.authenticate(bad)).isInstanceOf(AuthenticationException.class)
          .hasMessage("invalid or revoked API token");
    }
    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(() -> auth.authenticate(good.plaintext())).hasMessage("invalid or revoked API token");

    IssuedToken revoked = issue(Role.FINANCE, Set.of(), Optional.empty());
    store.revoke("acme", revoked.token().id(), clock.instant());
    assertThatThrownBy(() -> auth.authenticate(revoked.plaintext())).hasMessage("invalid or revoked API token");
  }

  @Test
  void anExpiryIsCheckedOnEveryRequestEvenWhenCached() {
    IssuedToken t = issue(Role.DEVELOPER, Set.of(), Optional.of(Duration.ofSeconds(10)));
    auth.authenticate(t.plaintext());
    clock.advance(Duration.ofSeconds(10));
    assertThatThrownBy(() -> auth.authenticate(t.plaintext())).hasMessage("invalid or revoked API token");
    assertThat(store.finds).isEqualTo(1);
  }

  @Test
  void aRevocationTakesEffectWhenTheCacheEntryExpires() {
    IssuedToken t = issue(Role.ADMIN, Set.of(), Optional.empty());
    auth.authenticate(t.plaintext());
    store.revoke("acme", t.token().id(), clock.instant());
    clock.advance(Duration.ofSeconds(29));
    assertThat(auth.authenticate(t.plaintext()).role()).isEqualTo(Role.ADMIN);   // still cached
    assertThat(store.finds).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> auth.authenticate(t.plaintext())).hasMessage("invalid or revoked API token");
    assertThat(store.finds).isEqualTo(2);
  }

  @Test
  void aCachedTokenStillNeedsItsSecret() {
    IssuedToken t = issue(Role.DEVELOPER, Set.of(), Optional.empty());
    auth.authenticate(t.plaintext());
    String wrong = t.plaintext().substring(0, 17) + new TokenSecrets().generate().secret();
    assertThatThrownBy(() -> auth.authenticate(wrong)).hasMessage("invalid or revoked API token");
  }

  @Test
  void withoutACacheEveryRequestReadsTheStore() {
    TokenAuthenticator uncached = new TokenAuthenticator(store, clock, Duration.ZERO);
    IssuedToken t = issue(Role.DEVELOPER, Set.of(), Optional.empty());
    uncached.authenticate(t.plaintext());
    uncached.authenticate(t.plaintext());
    assertThat(store.finds).isEqualTo(2);
  }

  @Test
  void anUnreachableStoreIsUnavailableNotARefusal() {
    IssuedToken t = issue(Role.DEVELOPER, Set.of(), Optional.empty());
    store.down = true;
    assertThatThrownBy(() -> auth.authenticate(t.plaintext())).isInstanceOf(AuthUnavailableException.class);
  }

  @Test
  void aMalformedTokenIsToldSo() {
    assertThatThrownBy(() -> auth.authenticate("tlk_short")).isInstanceOf(AuthenticationException.class)
        .hasMessageStartingWith("malformed API token");
    assertThat(store.finds).isZero();
  }

  @Test
  void aManagerTokenNeedsATeam() {
    assertThatThrownBy(() -> issue(Role.MANAGER, Set.of(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one team");
    assertThat(store.tokens).isEmpty();
  }
}
