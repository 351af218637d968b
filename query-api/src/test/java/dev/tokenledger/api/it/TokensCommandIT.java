package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.warehouse.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api tokens create|list|revoke} on the real ClickHouse, starting from an empty (unmigrated) database. */
class TokensCommandIT {

  @TempDir Path dir;
  private TestDatabase db;
  private Path config;
  private ApiCli cli;

  @BeforeEach
  void emptyDatabase() throws Exception {
    db = TestDatabase.empty("tl_tokens_cli");
    config = dir.resolve("api.toml");
    Files.writeString(config, "[clickhouse]\nurl = \"" + db.url() + "\"\ndatabase = \"" + db.name() + "\"\n");
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private int run(String... args) {
    cli = new ApiCli(config);
    return cli.run(args);
  }

  @Test
  void createListRevoke() {
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--team", "platform", "--role", "manager",
        "--label", "laptop", "--expires", "90d")).isEqualTo(0);
    String token = cli.out().strip();
    assertThat(token).matches("tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
    assertThat(cli.err()).contains("shown only this once").doesNotContain(token);
    String id = token.substring(4, 16);

    assertThat(run("tokens", "list", "--org", "acme")).isEqualTo(0);
    assertThat(cli.out()).contains(id, "alice", "manager", "platform", "laptop").doesNotContain(token.substring(17));
    assertThat(run("tokens", "list", "--org", "globex")).isEqualTo(0);
    assertThat(cli.out()).doesNotContain(id);

    assertThat(run("tokens", "revoke", "--org", "globex", id)).isEqualTo(1);
    assertThat(run("tokens", "revoke", "--org", "acme", id)).isEqualTo(0);
    assertThat(run("tokens", "list", "--org", "acme")).isEqualTo(0);
    assertThat(cli.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()).doesNotEndWith("-");
  }

  @Test
  void aManagerWithoutTeamsOrAnUnknownRoleIsRefused() {
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--role", "manager")).isEqualTo(2);
    assertThat(cli.err()).contains("a manager needs at least one --team");
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--role", "root")).isEqualTo(2);
    assertThat(cli.err()).contains("unknown role 'root'");
    assertThat(cli.out()).isEmpty();
  }
}
