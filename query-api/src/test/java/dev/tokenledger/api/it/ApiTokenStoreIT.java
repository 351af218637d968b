package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.auth.ApiToken;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.IssuedToken;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenAuthenticator;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.auth.TokenStoreException;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API token store on the real ClickHouse, on a database built by the warehouse's own migrations. */
class ApiTokenStoreIT {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private TestDatabase db;
  private ClickHouseApiTokenStore store;
  private TokenIssuer issuer;

  @BeforeEach
  void migrate() {
    db = TestDatabase.migrated("tl_tokens_it");
    store = new ClickHouseApiTokenStore(db.client());
    issuer = new TokenIssuer(store, new TokenSecrets(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void createFindListRevokeAndListAgain() {
    IssuedToken alice = issuer.issue("acme", "alice", "alice@acme.example", Set.of("platform", "o'reilly\tteam"), Role.MANAGER,
        "laptop \"main\"", "cli:ops", Optional.of(Duration.ofDays(90)));
    IssuedToken bob = issuer.issue("acme", "bob", "", Set.of(), Role.FINANCE, "", "cli:ops", Optional.empty());

    assertThat(store.find(alice.token().id())).contains(alice.token());
    assertThat(store.find(bob.token().id())).contains(bob.token());
    assertThat(store.find("nosuchtoken0")).isEmpty();
    assertThat(store.list("acme")).containsExactlyInAnyOrder(alice.token(), bob.token());
    assertThat(alice.token().expires()).contains(NOW.plus(Duration.ofDays(90)));

    Instant at = NOW.plusSeconds(60);
    assertThat(store.revoke("acme", alice.token().id(), at)).contains(alice.token().revokedAt(at));
    assertThat(store.revoke("acme", alice.token().id(), at.plusSeconds(60)).orElseThrow().revoked()).contains(at);
    assertThat(store.find(alice.token().id()).orElseThrow().revoked()).contains(at);
    assertThat(store.list("acme")).containsExactlyInAnyOrder(alice.token().revokedAt(at), bob.token());
    assertThat(db.value("SELECT count() FROM api_tokens FINAL")).isEqualTo("2");

    TokenAuthenticator auth = new TokenAuthenticator(store, Clock.fixed(at.plusSeconds(1), ZoneOffset.UTC), Duration.ZERO);
    assertThatThrownBy(() -> auth.authenticate(alice.plaintext())).isInstanceOf(AuthenticationException.class);
    assertThat(auth.authenticate(bob.plaintext()).userId()).isEqualTo("bob");
  }

  @Test
  void theSecretIsNeverStored() {
    IssuedToken t = issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "cli:ops", Optional.empty());
    String secret = TokenSecrets.parse(t.plaintext()).secret();
    String everything = db.client().query("SELECT * FROM api_tokens FORMAT TabSeparated");
    assertThat(everything).contains(t.token().id(), TokenSecrets.sha256Hex(secret)).doesNotContain(secret);
  }

  @Test
  void organisationsAreIsolated() {
    IssuedToken acme = issuer.issue("acme", "alice", "", Set.of(), Role.ADMIN, "", "cli:ops", Optional.empty());
    IssuedToken globex = issuer.issue("globex", "alice", "", Set.of(), Role.ADMIN, "", "cli:ops", Optional.empty());
    assertThat(store.list("acme")).extracting(ApiToken::id).containsExactly(acme.token().id());
    assertThat(store.list("globex")).extracting(ApiToken::id).containsExactly(globex.token().id());
    assertThat(store.revoke("acme", globex.token().id(), NOW)).isEmpty();
    assertThat(store.find(globex.token().id()).orElseThrow().revoked()).isEmpty();
  }

  @Test
  void aReadOnlySessionCanAuthenticateButNotWriteAndAFailingServerIsAStoreError() {
    IssuedToken t = issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "cli:ops", Optional.empty());
    ClickHouseApiTokenStore readOnly = new ClickHouseApiTokenStore(
        new ClickHouseHttpClient(ClickHouseEndpoint.of(db.url(), db.name()), Map.of("readonly", "1")));
    assertThat(readOnly.find(t.token().id())).contains(t.token());
    assertThatThrownBy(() -> readOnly.revoke("acme", t.token().id(), NOW)).isInstanceOf(TokenStoreException.class);
    ClickHouseApiTokenStore missing = new ClickHouseApiTokenStore(new ClickHouseHttpClient(ClickHouseEndpoint.of(db.url(), "no_such_db_x")));
    assertThatThrownBy(() -> missing.find(t.token().id())).isInstanceOf(TokenStoreException.class);
  }
}
