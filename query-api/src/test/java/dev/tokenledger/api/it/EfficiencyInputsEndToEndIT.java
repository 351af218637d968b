package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.commits.SeenCommit;
import dev.tokenledger.agent.efficiency.EfficiencyRecords;
import dev.tokenledger.agent.efficiency.TrackedSession;
import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.agent.publish.KafkaEfficiencyPublisher;
import dev.tokenledger.agent.publish.PublisherSettings;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.cli.Authentication;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseEfficiencyRepository;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.EfficiencyTable;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.config.AuthSettings;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.http.ApiServer;
import dev.tokenledger.api.http.ApiServices;
import dev.tokenledger.api.http.HttpOptions;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.processor.sink.SinkApp;
import dev.tokenledger.processor.sink.SinkSettingsParser;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The efficiency inputs end to end on the real stack (ADR 0620): the agent's publisher sends a session's
 * commits and an MCP inventory — all of it twice, as after a restart that lost the agent's memory — the
 * warehouse sink writes them into {@code session_commits} and {@code mcp_inventory}, and
 * {@code /v1/efficiency} then answers {@code commits.collected = true} with the exact counts and costs
 * (each commit once) and the configured server nobody called as a zombie.
 */
class EfficiencyInputsEndToEndIT {

  private static final String ORG = "inputsco";
  private static final String PROJECT = "github.com/inputsco/app";
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, session_id, agent_name, agent_role,"
      + " workflow_step, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens,"
      + " tool_names, tool_mcp_servers, long_context_tier, cost_total, cache_savings, version) FORMAT TabSeparated";
  private static final EfficiencySettings SETTINGS = new EfficiencySettings(new BigDecimal("0.70"), new BigDecimal("3"), 30, 4, 20, 50,
      150, 5, 1000, new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("0.25"), 30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void commitsAndInventoryPublishedTwiceByTheAgentAreCountedOnceByTheApi() throws Exception {
    String prefix = StackEnv.unique("effin") + ".";
    Topics topics = Topics.withPrefix(prefix);
    try (TestDatabase db = TestDatabase.migrated("tl_eff_inputs_it");
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()))) {
      List<NewTopic> created = new ArrayList<>();
      for (String t : topics.all()) {
        created.add(new NewTopic(t, 2, (short) 1).configs(topics.configFor(t)));
      }
      admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
      try {
        run(db, topics, prefix);
      } finally {
        admin.deleteTopics(topics.all()).all().get(60, TimeUnit.SECONDS);
      }
    }
  }

  private void run(TestDatabase db, Topics topics, String prefix) throws Exception {
    // the session's requests (one calls the github MCP server) and another session without commits
    String rows = event("e1", "sess-1", "2026-11-10T10:00:00Z", "0.500000000", false)
        + event("e2", "sess-1", "2026-11-10T10:05:00Z", "0.250000000", true)
        + event("e3", "sess-1", "2026-11-10T10:10:00Z", "0.250000000", false)
        + event("e4", "sess-2", "2026-11-12T09:00:00Z", "2.000000000", false);
    db.client().insert(INSERT, rows.getBytes(StandardCharsets.UTF_8));

    TrackedSession session = new TrackedSession(ORG, "dev1", "platform", SourceTool.CLAUDE_CODE, "sess-1", PROJECT, "main",
        Path.of("/repo"), Instant.parse("2026-11-10T10:00:00Z"), Instant.parse("2026-11-10T10:10:00Z"), NOW);
    List<SeenCommit> seen = List.of(new SeenCommit("1".repeat(40), Instant.parse("2026-11-10T10:03:00Z"), 10, 2, 1),
        new SeenCommit("2".repeat(40), Instant.parse("2026-11-10T10:12:00Z"), 5, 1, 2));
    List<ConfiguredMcpServer> configured = List.of(new ConfiguredMcpServer("CLAUDE_CODE", "github"),
        new ConfiguredMcpServer("CLAUDE_CODE", "zen"));
    PublisherSettings settings = new PublisherSettings(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topics.usageEvents(),
        StackEnv.unique("agent"), 100, Duration.ofSeconds(10), Map.of());
    for (Instant observed : List.of(Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T09:00:00Z"))) {
      try (KafkaEfficiencyPublisher publisher = new KafkaEfficiencyPublisher(settings, topics)) {
        List<SessionCommit> commits = seen.stream().map(c -> EfficiencyRecords.commit(session, c, observed)).toList();
        publisher.commits(commits);
        publisher.inventory(EfficiencyRecords.inventory(ORG, "dev1", "platform", "h1", configured, observed));
      }
    }

    Path config = dir.resolve("sink.toml");
    Files.writeString(config, """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%s"
        topic_prefix = "%s"
        [clickhouse]
        url = "%s"
        database = "%s"
        [org]
        time_zone = "UTC"
        [batch]
        max_rows = 100
        max_delay = "200ms"
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), prefix + "sink", prefix, StackEnv.clickhouseUrl(),
        db.name()));
    SinkApp sink = new SinkApp(SinkSettingsParser.parse(Optional.of(config), Map.of()));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Future<Integer> exit = executor.submit(sink::run);
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        assertThat(value(db, "SELECT count() FROM session_commits")).isEqualTo("4");
        assertThat(value(db, "SELECT count() FROM mcp_inventory")).isEqualTo("4");
      });
    } finally {
      sink.stop(Duration.ofSeconds(30));
      executor.shutdown();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(sink.metrics().commitRows()).isEqualTo(4);
    assertThat(sink.metrics().inventoryRows()).isEqualTo(4);
    assertThat(value(db, "SELECT count() FROM session_commits FINAL")).isEqualTo("2");
    assertThat(value(db, "SELECT groupArray(kafka_topic) FROM (SELECT DISTINCT kafka_topic FROM session_commits)"))
        .isEqualTo("['" + topics.commits() + "']");

    ApiServer server = api(db);
    try {
      JsonNode answer = get(server, "finance", "/v1/efficiency?month=2026-11");
      JsonNode commits = answer.get("commits");
      assertThat(commits.get("collected").asBoolean()).isTrue();
      assertThat(commits.get("commits").asLong()).isEqualTo(2);
      assertThat(commits.get("lines_added").asLong()).isEqualTo(15);
      assertThat(commits.get("lines_removed").asLong()).isEqualTo(3);
      assertThat(commits.get("sessions").asLong()).isEqualTo(1);
      // money is a plain decimal string; the cost is sess-1's only (sess-2 saw no commit)
      assertThat(commits.get("cost_usd").asText()).isEqualTo("1.000000000");
      assertThat(commits.get("cost_per_commit_usd").asText()).isEqualTo("0.500000000");
      assertThat(commits.get("cost_per_changed_line_usd").asText()).isEqualTo("0.055555556");
      List<String> zombies = new ArrayList<>();
      answer.get("zombie_mcp_servers").forEach(z -> zombies.add(z.get("server").asText() + ":" + z.get("configured_users").asInt()));
      assertThat(zombies).containsExactly("zen:1");
    } finally {
      server.close();
    }
  }

  private static String event(String id, String session, String time, String cost, boolean callsGithub) {
    Instant t = Instant.parse(time);
    String day = t.toString().substring(0, 10);
    return String.join("\t", ORG + "-" + id, ORG, TIME.format(t), Long.toString(t.toEpochMilli()), day, day, day.substring(0, 8) + "01",
        "CLAUDE_CODE", "anthropic", "opus", "opus", "dev1", "platform", PROJECT, session, "", "main", "implement", "1000", "500", "0", "0",
        "2000", "0", callsGithub ? "['Bash','mcp__github__call']" : "['Bash']", callsGithub ? "['','github']" : "['']", "0", cost,
        "0.000000000", "1") + "\n";
  }

  private static String value(TestDatabase db, String sql) {
    return db.client().query(sql + " FORMAT TabSeparated").strip();
  }

  private static ApiServer api(TestDatabase db) {
    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore store = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(store, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("finance", issuer.issue(ORG, "erin", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());
    Authentication auth = Authentication.from(new AuthSettings(Duration.ofSeconds(30), Optional.empty()), reader, Clock.systemUTC());
    ClickHouseSpendRepository spend = ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS);
    ApiServer server = new ApiServices(HttpOptions.local("127.0.0.1", 0), auth.authenticator(), store, spend, ZoneId.of("UTC"),
        Duration.ofHours(25), Clock.systemUTC(), () -> true,
        new ClickHouseEfficiencyRepository(spend, EfficiencyTable.in(db.name()), Clock.fixed(NOW, ZoneOffset.UTC)), SETTINGS).server();
    server.start();
    return server;
  }

  private static final Map<String, String> TOKENS = new java.util.HashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static JsonNode get(ApiServer server, String role, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + TOKENS.get(role)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
