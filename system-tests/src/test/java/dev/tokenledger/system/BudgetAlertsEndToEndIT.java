package dev.tokenledger.system;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget's whole way, with every role started from its jar on the local stack and nothing restarted
 * in between: an admin creates a budget through the API (PUT), the stream processor detects its crossing,
 * the alert dispatcher delivers it to a webhook; a raised limit re-arms the threshold (a second crossing
 * at the new limit); a lowered limit below the spend is a crossing without any new event (budgets are
 * evaluated when they change). Exactly one webhook per crossing.
 */
class BudgetAlertsEndToEndIT {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  /** 1 000 input + 500 output tokens of claude-sonnet-4-5 at the shipped 3 / 15 USD per million. */
  private static final BigDecimal COST_PER_EVENT = new BigDecimal("0.0105");

  private final String prefix = StackEnv.unique("e2e") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private Path dir;
  private TestDatabase db;
  private WebhookReceiver receiver;
  private String api;
  private String token;
  private int published;
  private int opsPort;

  @BeforeEach
  void start() throws Exception {
    YearMonth month = YearMonth.from(ZonedDateTime.now(TOKYO));
    assumeThat(Duration.between(Instant.now(), month.plusMonths(1).atDay(1).atStartOfDay(TOKYO).toInstant()))
        .as("too close to the end of the month in Tokyo").isGreaterThan(Duration.ofMinutes(15));
    dir = Files.createTempDirectory("e2e-it");
    db = TestDatabase.migrated("tl_e2e");
    receiver = new WebhookReceiver();

    Path streamsConfig = write("streams.toml", SystemStack.streamsToml(prefix, dir.resolve("state")));
    closeLast.add(RoleProcess.start("stream-processor", dir.resolve("streams.log"), "streams", "--config", streamsConfig.toString()));
    SystemStack.awaitTopics(List.of(topics.budgets(), topics.breaches(), topics.usageEvents()));

    int port;
    try (ServerSocket s = new ServerSocket(0); ServerSocket o = new ServerSocket(0)) {
      port = s.getLocalPort();
      opsPort = o.getLocalPort();
    }
    Path apiConfig = write("api.toml", """
        [clickhouse]
        url = "%s"
        database = "%s"
        [org]
        time_zone = "UTC"
        [http]
        port = %d
        [ops]
        port = %d
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        [topics]
        budgets = "%s"
        """.formatted(StackEnv.clickhouseUrl(), db.name(), port, opsPort, StackEnv.bootstrapServers(), StackEnv.registryUrl(),
            topics.budgets()));
    token = RoleProcess.run("query-api", dir.resolve("tokens.log"), "tokens", "create", "--config", apiConfig.toString(),
        "--org", "acme", "--user", "dora", "--role", "admin");
    closeLast.add(RoleProcess.start("query-api", dir.resolve("api.log"), "serve", "--config", apiConfig.toString()));
    api = "http://127.0.0.1:" + port;
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> send("GET", "/v1/budgets", null).statusCode() == 200);
  }

  /** Starts the dispatcher with a webhook channel {@code hook} to the receiver, and {@code moreToml}. */
  private RoleProcess startDispatcher(String log, String moreToml) throws IOException {
    Path alertsConfig = write("alerts-" + log + ".toml", """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%salerts"
        transactional_id = "%salerts-1"
        topic_prefix = "%s"
        [[channel]]
        name = "hook"
        type = "webhook"
        url = "%s"
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), prefix, prefix, prefix, receiver.url()) + moreToml);
    RoleProcess p = RoleProcess.start("alert-dispatcher", dir.resolve(log), "alerts", "--config", alertsConfig.toString());
    closeLast.add(p);
    return p;
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeLast.size() - 1; i >= 0; i--) {
      closeLast.get(i).close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (db != null) {
      db.close();
    }
    if (dir != null) {
      SystemStack.deleteTopics(prefix);
    }
  }

  @Test
  void aBudgetPutThroughTheApiReachesTheWebhookAndItsChangesTakeEffectWithoutARestart() throws Exception {
    String monthStart = YearMonth.from(ZonedDateTime.now(TOKYO)).atDay(1).atStartOfDay(TOKYO).toInstant().toString();

    startDispatcher("alerts.log", "");
    putBudget("0.10");
    publish(10);   // 0.105: crosses 0.10 at the tenth event
    JsonNode first = awaitCrossing("0.1");
    assertThat(first.get("spend_usd").asText()).isEqualTo("0.105000000");
    assertThat(first.get("period_start").asText()).as("the budget's own zone").isEqualTo(monthStart);
    assertThat(first.get("scope").asText()).isEqualTo("ORG");

    putBudget("0.20");   // raised: the threshold is armed again for the new limit
    publish(10);   // 0.21
    assertThat(awaitCrossing("0.2").get("spend_usd").asText()).isEqualTo("0.210000000");

    putBudget("0.15");   // lowered below the spend: a crossing with no new event
    assertThat(awaitCrossing("0.15").get("spend_usd").asText()).isEqualTo("0.210000000");

    // a repeated delivery, or a crossing detected twice, would show within a few evaluation rounds
    Instant quietUntil = Instant.now().plusSeconds(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(quietUntil));
    List<JsonNode> bodies = receiver.bodies();
    assertThat(bodies.stream().map(b -> b.get("delivery_id").asText())).doesNotHaveDuplicates();
    assertThat(bodies.stream().filter(b -> b.get("kind").asText().equals("CROSSED")).map(b -> b.get("limit_usd").asText()))
        .containsExactlyInAnyOrder("0.100000000", "0.200000000", "0.150000000");
    assertThat(bodies).allSatisfy(b -> {
      assertThat(b.get("budget_id").asText()).isEqualTo("e2e-month");
      assertThat(b.get("channel").asText()).isEqualTo("hook");
    });
    // the API's operator endpoint counted the three PUTs by route template
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains(
        "tokenledger_api_requests_seconds_count{method=\"PUT\",role=\"api\",route=\"/v1/budgets/{id}\",status=\"200\"} 3");
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void theDailyDigestReadsTheBudgetsFromTheApiAndReachesItsChannelOnceAcrossARestart() throws Exception {
    putBudget("0.10");
    String digest = """
        [digest]
        at = "00:00"
        time_zone = "UTC"
        api_url = "%s"
        api_token = "%s"
        """.formatted(api, token);
    RoleProcess first = startDispatcher("alerts-1.log", digest);
    JsonNode d = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> receiver.bodies().stream().filter(b -> b.get("kind").asText().equals("DIGEST")).findFirst().orElse(null),
            b -> b != null);
    assertThat(d.get("org_id").asText()).isEqualTo("acme");
    assertThat(d.get("day").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    assertThat(d.get("budgets")).singleElement().satisfies(b -> {
      assertThat(b.get("budget_id").asText()).isEqualTo("e2e-month");
      assertThat(new BigDecimal(b.get("limit_usd").asText())).isEqualByComparingTo("0.10");
      assertThat(b.get("status").asText()).isEqualTo("ok");
    });
    // settled on the ledger before the stop: the restarted dispatcher finds it there and sends nothing
    first.close();
    RoleProcess second = startDispatcher("alerts-2.log", digest);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
        .until(() -> second.log().contains("daily digest for"));
    assertThat(second.log()).contains("0 channel(s) to send");
    assertThat(receiver.bodies()).filteredOn(b -> b.get("kind").asText().equals("DIGEST")).hasSize(1);
    assertThat(first.log() + second.log()).doesNotContain(token);
  }

  private void putBudget(String limit) throws Exception {
    HttpResponse<String> put = send("PUT", "/v1/budgets/e2e-month", """
        {"scope": "org", "period": "month", "limit_usd": "%s", "thresholds": [100], "time_zone": "Asia/Tokyo",
         "notify": ["hook"]}""".formatted(limit));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  private JsonNode awaitCrossing(String limit) {
    BigDecimal wanted = new BigDecimal(limit);
    return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> receiver.bodies().stream()
            .filter(b -> b.get("kind").asText().equals("CROSSED") && new BigDecimal(b.get("limit_usd").asText()).compareTo(wanted) == 0)
            .findFirst().orElse(null), b -> b != null);
  }

  private void publish(int n) throws IOException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    Instant now = Instant.now();
    try (KafkaProducer<String, UsageEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
      for (int i = 0; i < n; i++) {
        UsageEvent e = claude("e2e-" + published++, now.minusMillis(n - i)).setOrgId("acme").setTokens(tokens(1_000, 500, 0, 0, 0)).build();
        producer.send(new ProducerRecord<>(topics.usageEvents(), e.getEventId(), e));
      }
      producer.flush();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
