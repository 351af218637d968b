package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseBudgetSpend;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.http.ApiServer;
import dev.tokenledger.api.http.ApiServices;
import dev.tokenledger.api.http.HttpOptions;
import dev.tokenledger.api.kafka.KafkaBudgetStore;
import dev.tokenledger.events.Budget;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets through the HTTP API on the real stack: a PUT lands on a (scratch) compacted budget topic in
 * the contract's Avro format and a GET right after shows it with the spend that independent SQL over
 * seeded events gives; a raised limit changes percent and status at once; DELETE writes a tombstone.
 */
class BudgetsApiIT {

  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, branch, session_id, input_tokens,"
      + " output_tokens, cache_read_tokens, cost_total, cache_savings, version) FORMAT TabSeparated";
  /** The API's clock: 10 November 2026, noon UTC (the organisation zone). */
  private static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
  private static final Map<String, Principal> CALLERS = Map.of(
      "adm", new Principal("acme", "dora", "", Set.of(), Role.ADMIN, "token:adm"),
      "dev", new Principal("acme", "alice", "", Set.of("platform"), Role.DEVELOPER, "token:dev"));

  private static TestDatabase db;
  private static String topic;
  private static Admin admin;
  private static AvroSerde<Budget> serde;
  private static KafkaBudgetStore store;
  private static ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.migrated("tl_budget_it");
    // platform: two November events (one 2026-11-09 23:30 UTC, already the 10th in Berlin), one October event; data: one.
    db.client().insert(INSERT, (row("b1", "2026-11-02 10:00:00", "alice", "platform", "1.250000000")
        + row("b2", "2026-11-09 23:30:00", "bob", "platform", "2.000000001")
        + row("b3", "2026-11-09 22:30:00", "bob", "platform", "0.500000000")
        + row("b4", "2026-10-31 10:00:00", "alice", "platform", "9.000000000")
        + row("b5", "2026-11-03 10:00:00", "carol", "data", "4.000000000")).getBytes(StandardCharsets.UTF_8));
    topic = StackEnv.unique("it.budgets");
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()));
    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
    serde = AvroSerde.forValue(Budget.class, CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    store = new KafkaBudgetStore(StackEnv.bootstrapServers(), topic, serde, Duration.ofSeconds(15)).start();
    assertThat(store.awaitReady(Duration.ofSeconds(30))).as("the store catches up with the empty topic").isTrue();

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseSpendRepository repository = ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    BudgetService budgets = new BudgetService(store, ClickHouseBudgetSpend.of(repository, db.name()), ZoneId.of("UTC"), clock);
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), bearer -> {
      Principal p = CALLERS.get(bearer);
      if (p == null) {
        throw new AuthenticationException("invalid or revoked API token");
      }
      return p;
    }, new ClickHouseApiTokenStore(db.client()), repository, ZoneId.of("UTC"), Duration.ofHours(25), clock, () -> true, budgets).server();
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
    if (admin != null) {
      admin.deleteTopics(List.of(topic)).all().get();
      admin.close();
    }
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(StackEnv.registryUrl() + "/subjects/" + topic + "-value")).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aBudgetPutThroughTheApiIsOnKafkaAndReadBackWithItsSpend() throws Exception {
    HttpResponse<String> put = send("adm", "PUT", "/v1/budgets/platform-monthly",
        "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": \"5\", \"notify\": [\"slack-platform\"]}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    // on the topic: the contract's record under <org>|<id>
    Map<String, ConsumerRecord<String, byte[]>> records = readTopic();
    ConsumerRecord<String, byte[]> r = records.get("acme|platform-monthly");
    assertThat(r).isNotNull();
    Budget b = serde.deserializer().deserialize(topic, r.value());
    assertThat(b.getOrgId()).isEqualTo("acme");
    assertThat(b.getBudgetId()).isEqualTo("platform-monthly");
    assertThat(b.getScope().name()).isEqualTo("TEAM");
    assertThat(b.getScopeValue()).isEqualTo("platform");
    assertThat(b.getPeriod().name()).isEqualTo("MONTH");
    assertThat(b.getLimitUsd()).isEqualTo(new BigDecimal("5.000000000"));
    assertThat(b.getThresholdsPercent()).containsExactly(50, 80, 100);
    assertThat(b.getTimeZone()).isNull();
    assertThat(b.getNotify()).containsExactly("slack-platform");
    assertThat(b.getUpdatedTime()).isEqualTo(NOW);

    // a GET right after: the spend equals independent SQL over the events
    JsonNode row = row(send("adm", "GET", "/v1/budgets/platform-monthly", null));
    BigDecimal expected = new BigDecimal(db.value("SELECT sum(cost_total) FROM usage_events FINAL WHERE org_id = 'acme' AND team = 'platform'"
        + " AND event_time >= toDateTime('2026-11-01 00:00:00', 'UTC') AND event_time < toDateTime('2026-12-01 00:00:00', 'UTC')"));
    assertThat(expected).isEqualByComparingTo("3.750000001");
    assertThat(new BigDecimal(row.get("spend_usd").asText())).isEqualByComparingTo(expected);
    assertThat(row.get("percent").asText()).isEqualTo("75.00");
    assertThat(row.get("status").asText()).isEqualTo("warning");

    // a raised limit changes percent and status at once
    JsonNode raised = row(send("adm", "PUT", "/v1/budgets/platform-monthly",
        "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": 50}"));
    assertThat(raised.get("percent").asText()).isEqualTo("7.50");
    assertThat(raised.get("status").asText()).isEqualTo("ok");
    assertThat(row(send("adm", "GET", "/v1/budgets/platform-monthly", null)).get("limit_usd").asText()).isEqualTo("50.000000000");

    // the developer's status line sees the team budget
    JsonNode status = json.readTree(send("dev", "GET", "/v1/budgets/status", null).body());
    assertThat(status.get("line").asText()).startsWith("budget: ok (team platform 7% of $50.00/month");

    // DELETE writes a tombstone
    assertThat(send("adm", "DELETE", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(200);
    ConsumerRecord<String, byte[]> last = readTopic().get("acme|platform-monthly");
    assertThat(last.value()).isNull();
    assertThat(send("adm", "GET", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);
    assertThat(send("adm", "DELETE", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aBudgetInAnotherZoneReadsTheEventsBetweenItsInstants() throws Exception {
    JsonNode row = row(send("adm", "PUT", "/v1/budgets/platform-berlin-day",
        "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"day\", \"limit_usd\": \"4\", \"time_zone\": \"Europe/Berlin\"}"));
    // 10 November in Berlin: 2026-11-09T23:00Z to 2026-11-10T23:00Z; b2 (23:30Z on the 9th) is in it, b3 (22:30Z) is not
    BigDecimal expected = new BigDecimal(db.value("SELECT sum(cost_total) FROM usage_events FINAL WHERE org_id = 'acme' AND team = 'platform'"
        + " AND event_time >= toDateTime('2026-11-09 23:00:00', 'UTC') AND event_time < toDateTime('2026-11-10 23:00:00', 'UTC')"));
    assertThat(expected).isEqualByComparingTo("2.000000001");
    assertThat(new BigDecimal(row.get("spend_usd").asText())).isEqualByComparingTo(expected);
    assertThat(row.get("period_start").asText()).isEqualTo("2026-11-10T00:00+01:00");
    assertThat(row.get("time_zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(row.get("status").asText()).isEqualTo("warning");
    assertThat(send("adm", "DELETE", "/v1/budgets/platform-berlin-day", null).statusCode()).isEqualTo(200);
  }

  private JsonNode row(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).get("rows").get(0);
  }

  private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The latest record per key on the topic, read independently of the store. */
  private static Map<String, ConsumerRecord<String, byte[]>> readTopic() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        assertThat(System.nanoTime()).as("read the budget topic to its end").isLessThan(deadline);
        c.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r));
      }
    }
    return latest;
  }

  private static String row(String id, String time, String user, String team, String cost) {
    String day = time.substring(0, 10);
    java.time.LocalDate d = java.time.LocalDate.parse(day);
    String week = d.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toString();
    return String.join("\t", id, "acme", time, "0", day, week, day.substring(0, 8) + "01", "CLAUDE_CODE", "anthropic", "claude-sonnet-4-5",
        "claude-sonnet-4-5", user, team, "github.com/acme/api", "main", "s-" + id, "100", "10", "0", cost, "0", "1") + "\n";
  }
}
