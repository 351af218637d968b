package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.ApiMain;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code api tokens create|list|revoke} on the real ClickHouse, starting from an empty (unmigrated) database. */
class TokensCommandIT {

  @TempDir Path dir;
  private TestDatabase db;
  private Path config;
  private StringWriter out;
  private StringWriter err;

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
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = new CommandLine(new ApiMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return cl.execute(all);
  }

  @Test
  void createListRevoke() {
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--team", "platform", "--role", "manager",
        "--label", "laptop", "--expires", "90d")).isEqualTo(0);
    String token = out.toString().strip();
    assertThat(token).matches("tlk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
    assertThat(err.toString()).contains("shown only this once").doesNotContain(token);
    String id = token.substring(4, 16);

    assertThat(run("tokens", "list", "--org", "acme")).isEqualTo(0);
    assertThat(out.toString()).contains(id, "alice", "manager", "platform", "laptop").doesNotContain(token.substring(17));
    assertThat(run("tokens", "list", "--org", "globex")).isEqualTo(0);
    assertThat(out.toString()).doesNotContain(id);

    assertThat(run("tokens", "revoke", "--org", "globex", id)).isEqualTo(1);
    assertThat(run("tokens", "revoke", "--org", "acme", id)).isEqualTo(0);
    assertThat(run("tokens", "list", "--org", "acme")).isEqualTo(0);
    assertThat(out.toString().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()).doesNotEndWith("-");
  }

  @Test
  void aManagerWithoutTeamsOrAnUnknownRoleIsRefused() {
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--role", "manager")).isEqualTo(2);
    assertThat(err.toString()).contains("a manager needs at least one --team");
    assertThat(run("tokens", "create", "--org", "acme", "--user", "alice", "--role", "root")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown role 'root'");
    assertThat(out.toString()).isEmpty();
  }
}
