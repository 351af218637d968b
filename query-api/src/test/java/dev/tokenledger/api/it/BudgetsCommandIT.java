package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api budgets put|list|show|delete} on the real stack (a scratch topic and database). */
class BudgetsCommandIT {

  @TempDir Path dir;
  private TestDatabase db;
  private Admin admin;
  private String topic;
  private Path config;
  private ApiCli cli;

  @BeforeEach
  void scratch() throws Exception {
    db = TestDatabase.migrated("tl_budgets_cli");
    topic = StackEnv.unique("it.budgets.cli");
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()));
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
    config = dir.resolve("api.toml");
    Files.writeString(config, "[clickhouse]\nurl = \"" + db.url() + "\"\ndatabase = \"" + db.name() + "\"\n"
        + "[kafka]\nbootstrap_servers = \"" + StackEnv.bootstrapServers() + "\"\nregistry_url = \"" + StackEnv.registryUrl() + "\"\n"
        + "[topics]\nbudgets = \"" + topic + "\"\n");
  }

  @AfterEach
  void drop() throws Exception {
    admin.deleteTopics(List.of(topic)).all().get();
    admin.close();
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(StackEnv.registryUrl() + "/subjects/" + topic + "-value")).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    db.close();
  }

  private int run(String... args) {
    cli = new ApiCli(config);
    return cli.run(args);
  }

  @Test
  void putListShowDelete() {
    assertThat(run("budgets", "put", "--org", "acme", "--id", "platform-monthly", "--scope", "team", "--value", "platform",
        "--period", "month", "--limit-usd", "500", "--thresholds", "80,100", "--time-zone", "Europe/Berlin", "--notify", "slack-platform"))
        .as(cli.err()).isEqualTo(0);
    assertThat(cli.out()).contains("platform-monthly", "team", "platform", "Europe/Berlin", "500.000000000", "ok", "80,100",
        "slack-platform");
    assertThat(run("budgets", "list", "--org", "acme")).isEqualTo(0);
    assertThat(cli.out()).contains("platform-monthly", "spend usd", "percent", "status");
    assertThat(run("budgets", "list", "--org", "globex")).isEqualTo(0);
    assertThat(cli.out()).doesNotContain("platform-monthly");
    assertThat(run("budgets", "show", "--org", "acme", "platform-monthly")).isEqualTo(0);
    assertThat(cli.out()).contains("platform-monthly");
    assertThat(run("budgets", "put", "--org", "acme", "--id", "x", "--scope", "team", "--period", "year", "--limit-usd", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("budgets put: value: required", "budgets put: period: ", "budgets put: limit_usd: ");
    assertThat(run("budgets", "delete", "--org", "acme", "platform-monthly")).isEqualTo(0);
    assertThat(run("budgets", "show", "--org", "acme", "platform-monthly")).isEqualTo(1);
    assertThat(run("budgets", "delete", "--org", "acme", "platform-monthly")).isEqualTo(1);
  }
}
