package dev.tokenledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Telemetry wins over the log file (ADR 0145), with the agent, the stream processor and the sink started
 * from their jars on the local stack: a Claude Code response of which the transcript holds only a
 * streaming copy is published by the agent (LOWER_BOUND, from the log file), priced and loaded; every role
 * is then killed with SIGKILL and restarted; Claude Code's telemetry for the same request arrives at the
 * agent's OTLP intake. In the end the request is ONE event with the telemetry's counts and cost under the
 * log copy's event id and attribution — in {@code usage_events FINAL}, in the {@code usage_daily} sums,
 * in the stream's rollups — and the organisation's daily budget, which the log copy's cost did not reach,
 * is crossed once by the revision.
 */
class TelemetryOverLogsIT {

  private static final String REQUEST = "req_011PrecedenceSysItRequest";
  private static final String SESSION = "5e1c0a2b-7d3f-4a9e-8b6c-1f2e3d4c5b6a";

  private final String prefix = StackEnv.unique("prec") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<RoleProcess> running = new ArrayList<>();
  private Path dir;
  private TestDatabase db;
  private Path streamsConfig;
  private Path sinkConfig;
  private Map<String, String> agentEnv;
  private int intakePort;
  private int starts;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("precedence-it");
    db = TestDatabase.migrated("tl_prec");
    streamsConfig = write("streams.toml", SystemStack.streamsToml(prefix, dir.resolve("streams-state")));
    sinkConfig = write("sink.toml", SystemStack.sinkToml(prefix, db.name()));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      intakePort = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(dir.resolve("claude/projects/-home-ada-src-demo"));
    agentEnv = new HashMap<>();
    agentEnv.put("HOME", dir.resolve("home").toString());
    agentEnv.put("CLAUDE_CONFIG_DIR", dir.resolve("claude").toString());
    agentEnv.put("CODEX_HOME", dir.resolve("home/.codex").toString());
    agentEnv.put("GEMINI_CLI_HOME", dir.resolve("home").toString());
    agentEnv.put("TOKENLEDGER_AGENT_STATE_DIR", dir.resolve("agent-state").toString());
    agentEnv.put("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers());
    agentEnv.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    agentEnv.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    agentEnv.put("TOKENLEDGER_AGENT_INTAKE_PORT", String.valueOf(intakePort));
    agentEnv.put("TOKENLEDGER_AGENT_SCAN_INTERVAL", "PT1S");
    startRoles();
    SystemStack.awaitTopics(List.of(topics.usageEvents(), topics.priced(), topics.budgets()));
  }

  private void startRoles() throws IOException {
    int n = ++starts;
    running.add(RoleProcess.start("stream-processor", dir.resolve("streams-" + n + ".log"), "streams", "--config",
        streamsConfig.toString()));
    running.add(RoleProcess.start("stream-processor", dir.resolve("sink-" + n + ".log"), "sink", "--config", sinkConfig.toString()));
    running.add(RoleProcess.start("collector-agent", dir.resolve("agent-" + n + ".log"), agentEnv, "run"));
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    if (db != null) {
      db.close();
    }
    SystemStack.deleteTopics(prefix);
  }

  @Test
  void aLogCopyRevisedByLaterTelemetryEndsAsOneEventWithTheTelemetrysCountsAfterAKillOfEveryRole() throws Exception {
    Instant requestTime = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    // 1. the transcript: a finished session (quiet for 10 minutes), holding only a streaming copy of the response
    Path transcript = dir.resolve("claude/projects/-home-ada-src-demo/" + SESSION + ".jsonl");
    Files.writeString(transcript, fixture("streaming-copy-session.jsonl").replace("${TIME}", requestTime.toString()));
    Files.setLastModifiedTime(transcript, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
    Map<String, String> first = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> row("FROM " + db.name() + ".usage_events FINAL"), r -> r != null);
    assertThat(first.get("accuracy")).isEqualTo("LOWER_BOUND");
    assertThat(first.get("counts_origin")).isEqualTo("LOG_FILE");
    assertThat(first.get("output_tokens")).isEqualTo("8");
    assertThat(first.get("revision")).isEqualTo("0");
    String eventId = first.get("event_id");
    String org = first.get("org_id");
    BigDecimal logCost = new BigDecimal(first.get("cost_total"));

    // the organisation's daily budget: above the log copy's cost, below the telemetry's (412 instead of 8 output tokens)
    BigDecimal limit = logCost.multiply(new BigDecimal("1.1")).setScale(9, RoundingMode.HALF_UP);
    publishBudget(org, limit);
    Instant settled = Instant.now().plusSeconds(3);   // the budget is evaluated on arrival: no crossing at the log's cost
    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(settled));
    assertThat(crossings()).isEmpty();

    // 2. kill -9 every role, then start them again on their state
    for (RoleProcess p : running) {
      p.kill();
    }
    running.clear();
    startRoles();

    // 3. Claude Code's telemetry of the same request reaches the restarted agent
    Path tokenFile = dir.resolve("agent-state/intake.token");
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> postTelemetry(Files.readString(tokenFile).trim(), requestTime) == 200);

    // 4. one event, the telemetry's counts, under the log copy's id and attribution
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> "412".equals(value("SELECT toString(output_tokens) FROM " + db.name() + ".usage_events FINAL WHERE request_id = '"
            + REQUEST + "'")));
    Map<String, String> revised = row("FROM " + db.name() + ".usage_events FINAL");
    assertThat(revised.get("event_id")).isEqualTo(eventId);
    assertThat(revised.get("accuracy")).isEqualTo("EXACT");
    assertThat(revised.get("counts_origin")).isEqualTo("TELEMETRY");
    assertThat(revised.get("revision")).isEqualTo("1");
    assertThat(revised.get("project_id")).isEqualTo(first.get("project_id"));
    assertThat(revised.get("replaced_output_tokens")).isEqualTo("8");
    BigDecimal telemetryCost = new BigDecimal(revised.get("cost_total"));
    assertThat(telemetryCost).isGreaterThan(limit);
    assertThat(value("SELECT toString(count()) FROM " + db.name() + ".usage_events FINAL")).isEqualTo("1");
    assertThat(value("SELECT toString(count()) FROM " + db.name() + ".usage_events")).as("the first version and its revision, once each")
        .isEqualTo("2");

    // the daily rollups moved by the difference, exactly once, for every dimension
    for (String dimension : List.of("org", "user", "team", "project", "model", "provider", "source")) {
      Map<String, String> daily = db.rows("SELECT toString(sum(requests)) AS requests, toString(sum(output_tokens)) AS output, "
          + "toString(sum(cache_read_tokens)) AS cache_read, toString(sum(cost_usd)) AS cost FROM " + db.name()
          + ".usage_daily WHERE dimension = '" + dimension + "'").get(0);
      assertThat(daily.get("requests")).as(dimension).isEqualTo("1");
      assertThat(daily.get("output")).as(dimension).isEqualTo("412");
      assertThat(daily.get("cache_read")).as(dimension).isEqualTo("29509");
      assertThat(new BigDecimal(daily.get("cost"))).as(dimension).isEqualByComparingTo(telemetryCost);
    }

    // the stream's own rollups and the budget agree
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      UsageRollup day = latest(read(topics.rollups(), UsageRollup.class), Scope.ORG, Period.DAY);
      assertThat(day).isNotNull();
      assertThat(day.getRequests()).isEqualTo(1);
      assertThat(day.getTokens().getOutput()).isEqualTo(412);
      assertThat(day.getCost()).isEqualByComparingTo(telemetryCost);
    });
    List<BudgetBreach> breaches = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
        .until(this::crossings, b -> !b.isEmpty());
    assertThat(breaches).singleElement().satisfies(b -> {
      assertThat(b.getThresholdPercent()).isEqualTo(100);
      assertThat(b.getSpendUsd()).isEqualByComparingTo(telemetryCost);
    });
  }

  /** The budget crossings published (forecasts aside). */
  private List<BudgetBreach> crossings() {
    return read(topics.breaches(), BudgetBreach.class).stream().filter(b -> b.getKind() == BreachKind.CROSSED).toList();
  }

  private Map<String, String> row(String from) {
    List<Map<String, String>> rows = db.rows("SELECT event_id, org_id, project_id, accuracy, counts_origin, toString(revision) AS revision, "
        + "toString(output_tokens) AS output_tokens, toString(replaced_output_tokens) AS replaced_output_tokens, "
        + "toString(cost_total) AS cost_total " + from + " WHERE request_id = '" + REQUEST + "'");
    return rows.isEmpty() ? null : rows.get(0);
  }

  private String value(String sql) {
    return db.value(sql);
  }

  private int postTelemetry(String token, Instant requestTime) throws IOException, InterruptedException {
    String body = fixture("api-request.json").replace("${TIME}", requestTime.plusMillis(350).toString());
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intakePort + "/v1/logs"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void publishBudget(String org, BigDecimal limit) {
    Budget b = Budget.newBuilder().setBudgetId("prec-daily").setOrgId(org).setScope(Scope.ORG).setScopeValue(org)
        .setPeriod(Period.DAY).setLimitUsd(limit).setThresholdsPercent(List.of(100)).setTimeZone("UTC")
        .setUpdatedTime(Instant.now()).build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers());
    AvroSerde<Budget> serde = AvroSerde.forValue(Budget.class, registry());
    try (KafkaProducer<String, Budget> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topics.budgets(), org + "|" + b.getBudgetId(), b));
      producer.flush();
    }
  }

  private static UsageRollup latest(List<UsageRollup> rollups, Scope scope, Period period) {
    UsageRollup last = null;
    for (UsageRollup r : rollups) {
      if (r.getDimension() == scope && r.getPeriod() == period) {
        last = r;
      }
    }
    return last;
  }

  /** Every committed value of a topic, in offset order per partition. */
  private <T extends org.apache.avro.specific.SpecificRecord> List<T> read(String topic, Class<T> type) {
    AvroSerde<T> serde = AvroSerde.forValue(type, registry());
    Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.GROUP_ID_CONFIG, "prec-reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Instant deadline = Instant.now().plusSeconds(30);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            out.add(serde.decode(topic, r.value()));
          }
        }
      }
    }
    return out;
  }

  private SchemaRegistry registry() {
    return CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = TelemetryOverLogsIT.class.getResourceAsStream("/precedence/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
