package dev.tokenledger.reconciliation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.alerts.AlertsMain;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.reconciliation.testing.DocumentedResponses;
import dev.tokenledger.reconciliation.testing.LedgerSeed;
import dev.tokenledger.reconciliation.testing.ProviderTruth;
import dev.tokenledger.reconciliation.testing.ProviderTruth.Figure;
import dev.tokenledger.reconciliation.testing.ReplayServer.Answer;
import dev.tokenledger.reconciliation.testing.ReplayServer.Request;
import dev.tokenledger.reconciliation.testing.SeedEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The variance alert end to end on the real stack: OpenAI's exported pages with a difference injected on two
 * days imported into ClickHouse, {@code reconcile show --alert} publishing to Kafka, the alert dispatcher (its
 * production entry point, as a process) delivering to a local webhook receiver: one message per row over the
 * threshold with that row's figures; publishing the same import again — while the dispatcher is stopped, and
 * while it runs — sends nothing more.
 */
class VarianceAlertIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate D7 = LocalDate.of(2026, 11, 7);
  private static final LocalDate D12 = LocalDate.of(2026, 11, 12);

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private record Received(String idempotencyKey, String body) {}

  private static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = ReconcileMain.run(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private void export(Map<String, Function<Request, Answer>> api, String path, String prefix, Path to) throws Exception {
    Map<String, String> q = new LinkedHashMap<>(Map.of("start_time", "1793491200", "end_time", "1796083200", "limit", "31"));
    for (int n = 1; ; n++) {
      String body = api.get(path).apply(new Request(path, Map.copyOf(q), Map.of())).body();
      Files.writeString(to.resolve(String.format("%s-%03d.json", prefix, n)), body);
      JsonNode next = JSON.readTree(body).get("next_page");
      if (next == null || next.isNull()) {
        return;
      }
      q.put("page", next.asText());
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", StackEnv.bootstrapServers()));
  }

  /** Whether the dispatcher's group has committed every record of the variance topic (it read and settled all). */
  private static boolean caughtUp(String group, String topic) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = partitions.stream()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
          return false;
        }
      }
      return true;
    }
  }

  private Process startDispatcher(Path config, String log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), AlertsMain.class.getName(), "alerts", "--config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(log).toFile());
    pb.environment().remove("TOKENLEDGER_TOPIC_PREFIX");
    return pb.start();
  }

  private static void stop(Process p) throws Exception {
    p.destroy();   // SIGTERM: finishes requests under way, commits, exits
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachVarianceReachesTheWebhookOnceThroughRerunsAndARestart() throws Exception {
    String prefix = StackEnv.unique("variance") + ".";
    Topics topics = Topics.withPrefix(prefix);
    String group = prefix + "alerts";
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    Process dispatcher = null;
    try (TestDatabase db = TestDatabase.migrated("variance_alert")) {
      try (Admin admin = admin()) {   // the stream processor creates the breach topic; this test has none running
        admin.createTopics(List.of(new NewTopic(topics.breaches(), 3, (short) 1).configs(topics.configFor(topics.breaches()))))
            .all().get(60, TimeUnit.SECONDS);
      }
      List<SeedEvent> events = LedgerSeed.events(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
      LedgerSeed.insert(db.client(), events);
      ProviderTruth truth = ProviderTruth.of(events, "openai", List.of());
      // the provider billed 2 % more on the 7th and 3 % less on the 12th: two rows over the 1 % threshold
      BigDecimal cost7 = truth.day(D7).get(LedgerSeed.CODEX).cost();
      BigDecimal cost12 = truth.day(D12).get(LedgerSeed.CODEX).cost();
      truth.add(D7, LedgerSeed.CODEX, new Figure(TokenCounts.ZERO, cost7.multiply(new BigDecimal("0.02"))));
      truth.add(D12, LedgerSeed.CODEX, new Figure(TokenCounts.ZERO, cost12.multiply(new BigDecimal("-0.03"))));
      Path pages = Files.createDirectory(dir.resolve("openai-november"));
      export(DocumentedResponses.openai(() -> truth), "/v1/organization/usage/completions", "usage", pages);
      export(DocumentedResponses.openai(() -> truth), "/v1/organization/costs", "cost", pages);

      Path reconcileToml = dir.resolve("reconcile.toml");
      Files.writeString(reconcileToml, """
          [reconcile]
          org_id = "acme"
          alert_share = "0.01"
          alert_channels = ["finance"]
          [clickhouse]
          url = "%s"
          database = "%s"
          [kafka]
          bootstrap_servers = "%s"
          registry_url = "%s"
          topic_prefix = "%s"
          """.formatted(db.url(), db.name(), StackEnv.bootstrapServers(), StackEnv.registryUrl(), prefix));
      Path alertsToml = dir.resolve("alerts.toml");
      Files.writeString(alertsToml, """
          [kafka]
          bootstrap_servers = "%s"
          registry_url = "%s"
          group_id = "%s"
          transactional_id = "%s-tx"
          topic_prefix = "%s"
          session_timeout = "10s"
          [delivery]
          initial_backoff = "100ms"
          max_backoff = "1s"
          [[channel]]
          name = "finance"
          type = "webhook"
          url = "http://127.0.0.1:%d/variances"
          """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), group, group, prefix,
          receiver.getAddress().getPort()));
      String[] range = {"--from", "2026-11-01", "--to", "2026-11-30", "--config", reconcileToml.toString()};

      Run imported = run(concat(new String[] {"import", "--provider", "openai", "--files", pages.toString()}, range));
      assertThat(imported.exit()).as(imported.err()).isZero();
      dispatcher = startDispatcher(alertsToml, "alerts-1.log");

      Run first = run(concat(new String[] {"show", "--provider", "openai", "--alert"}, range));
      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.err()).contains("2 variance(s) over 0.01 published to " + topics.variances());

      await().atMost(Duration.ofSeconds(90)).until(() -> received.size() >= 2);
      Map<String, JsonNode> byDay = new LinkedHashMap<>();
      for (Received r : received) {
        JsonNode n = JSON.readTree(r.body());
        byDay.put(n.path("day").asText(), n);
      }
      assertThat(byDay).containsOnlyKeys(D7.toString(), D12.toString());
      JsonNode over = byDay.get(D7.toString());
      assertThat(over.path("kind").asText()).isEqualTo("VARIANCE");
      assertThat(over.path("provider").asText()).isEqualTo("openai");
      assertThat(over.path("model").asText()).isEqualTo(LedgerSeed.CODEX);
      assertThat(over.path("channel").asText()).isEqualTo("finance");
      assertThat(new BigDecimal(over.path("ledger_cost_usd").asText())).isEqualByComparingTo(cost7);
      assertThat(new BigDecimal(over.path("provider_cost_usd").asText())).isEqualByComparingTo(cost7.multiply(new BigDecimal("1.02")));
      assertThat(new BigDecimal(over.path("cost_variance_usd").asText()))
          .isEqualByComparingTo(cost7.multiply(new BigDecimal("-0.02")));
      assertThat(new BigDecimal(over.path("cost_share").asText())).isEqualByComparingTo(
          cost7.multiply(new BigDecimal("-0.02")).divide(cost7.multiply(new BigDecimal("1.02")), 6, java.math.RoundingMode.HALF_EVEN));
      assertThat(new BigDecimal(over.path("threshold_share").asText())).isEqualByComparingTo("0.01");
      assertThat(over.path("token_variance").asLong()).isZero();
      JsonNode under = byDay.get(D12.toString());
      assertThat(new BigDecimal(under.path("provider_cost_usd").asText())).isEqualByComparingTo(cost12.multiply(new BigDecimal("0.97")));
      assertThat(new BigDecimal(under.path("cost_variance_usd").asText())).isPositive();
      assertThat(received).extracting(Received::idempotencyKey).doesNotHaveDuplicates().doesNotContainNull();
      await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(group, topics.variances()));

      // the same import published again while the dispatcher is down: read after its restart, dropped by the ledger
      stop(dispatcher);
      Run whileDown = run(concat(new String[] {"show", "--provider", "openai", "--alert"}, range));
      assertThat(whileDown.exit()).as(whileDown.err()).isZero();
      dispatcher = startDispatcher(alertsToml, "alerts-2.log");
      await().atMost(Duration.ofSeconds(90)).until(() -> caughtUp(group, topics.variances()));
      // and once more while it runs
      Run again = run(concat(new String[] {"show", "--provider", "openai", "--alert"}, range));
      assertThat(again.exit()).as(again.err()).isZero();
      await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(group, topics.variances()));
      assertThat(received).as("one message per over-threshold row, nothing twice").hasSize(2);
      assertThat(dispatcher.isAlive()).isTrue();
    } finally {
      if (dispatcher != null && dispatcher.isAlive()) {
        stop(dispatcher);
      }
      receiver.stop(0);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
