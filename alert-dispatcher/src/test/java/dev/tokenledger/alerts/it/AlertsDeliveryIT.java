package dev.tokenledger.alerts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.events.BudgetBreach;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher process on the real Kafka and registry, delivering to local HTTP receivers: every breach
 * once to each channel it names (signed webhook JSON, Slack message), a failing channel retried and
 * dead-lettered without delaying another, an unknown channel dead-lettered.
 */
class AlertsDeliveryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec-it-0123456789";

  @RegisterExtension
  final AlertsRun run = new AlertsRun("alerts");

  @Test
  void eachBreachIsDeliveredOnceToEachChannelItNames() throws Exception {
    try (Receiver hook = Receiver.ok(); Receiver finance = Receiver.ok(); Receiver slack = Receiver.ok()) {
      int opsPort;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        opsPort = free.getLocalPort();
      }
      Path config = run.writeConfig(fastRetries(5), "[ops]\nport = " + opsPort + "\n" + channel("ops-hook", "webhook", hook, true)
          + channel("finance", "webhook", finance, false) + channel("eng-slack", "slack", slack, false));
      List<BudgetBreach> breaches = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        List<String> notify = switch (i % 3) {
          case 0 -> List.of("ops-hook", "finance", "eng-slack");
          case 1 -> List.of("ops-hook", "ops-hook");   // a repeated name is one delivery
          default -> List.of("eng-slack", "finance");
        };
        breaches.add(Breaches.breach(run.prefix, i, notify));
      }
      run.produce(breaches);
      run.start(config, "run.log", Map.of("IT_HOOK_SECRET", SECRET));

      Set<String> hookKeys = keys(breaches, "ops-hook");
      Set<String> financeKeys = keys(breaches, "finance");
      Set<String> slackKeys = keys(breaches, "eng-slack");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        assertThat(hook.distinctKeys()).isEqualTo(hookKeys);
        assertThat(finance.distinctKeys()).isEqualTo(financeKeys);
        assertThat(slack.distinctKeys()).isEqualTo(slackKeys);
      });
      // settled: every delivery is on the ledger and every breach offset committed; nothing more may arrive
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(run::breachesFullyCommitted);
      assertThat(run.readAll(run.deliveries)).hasSize(hookKeys.size() + financeKeys.size() + slackKeys.size())
          .allSatisfy(e -> assertThat(e.getValue().path("state").asText()).isEqualTo("DELIVERED"));
      assertThat(hook.requests()).hasSize(hookKeys.size());
      assertThat(finance.requests()).hasSize(financeKeys.size());
      assertThat(slack.requests()).hasSize(slackKeys.size());

      // the webhook payload is signed over timestamp + "." + body and carries the breach
      for (Receiver.Request r : hook.requests()) {
        assertThat(r.signature()).isEqualTo("sha256=" + hmac(SECRET, r.timestamp() + "." + r.body()));
        assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
      }
      assertThat(finance.requests()).allSatisfy(r -> assertThat(r.signature()).isNull());
      JsonNode first = JSON.readTree(hook.requests().stream()
          .filter(r -> r.body().contains("\"budget_id\":\"team-budget-0\"")).findFirst().orElseThrow().body());
      assertThat(first.path("version").asInt()).isEqualTo(1);
      assertThat(first.path("kind").asText()).isEqualTo("CROSSED");
      assertThat(first.path("breach_id").asText()).isEqualTo(breaches.get(0).getBreachId());
      assertThat(first.path("delivery_id").asText()).isEqualTo(new DeliveryKey(breaches.get(0).getBreachId(), "ops-hook").idempotencyKey());
      assertThat(first.path("scope").asText()).isEqualTo("TEAM");
      assertThat(first.path("spend_usd").asText()).isEqualTo("812.345678901");
      assertThat(first.path("limit_usd").asText()).isEqualTo("1000.000000000");
      assertThat(first.path("percent_of_limit").asText()).isEqualTo("81.2346");
      assertThat(first.path("projected_exhaustion_time").asText()).isEqualTo("2026-12-08T12:00:00Z");
      JsonNode slackBody = JSON.readTree(slack.requests().get(0).body());
      assertThat(slackBody.path("text").asText()).contains("crossed 80% of its limit").contains("of $1,000.00");
      assertThat(slackBody.path("blocks").isArray()).isTrue();

      String log = run.log("run.log");
      assertThat(log).doesNotContain("T0SECRET").doesNotContain(SECRET);

      // what an operator's Prometheus sees: the deliveries per channel, nothing pending, ready
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics)
          .contains("tokenledger_alerts_deliveries_total{channel=\"ops-hook\",kind=\"breach\",outcome=\"delivered\",role=\"alerts\"} "
              + hookKeys.size() + ".0")
          .contains("tokenledger_alerts_deliveries_total{channel=\"eng-slack\",kind=\"breach\",outcome=\"delivered\",role=\"alerts\"} "
              + slackKeys.size() + ".0")
          .contains("tokenledger_alerts_pending_breaches{role=\"alerts\"} 0.0")
          .contains("kafka_consumer_fetch_manager_records_lag_max")
          .doesNotContain("T0SECRET");
      assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + opsPort + "/health/ready")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFailingChannelIsRetriedThenDeadLetteredWhileAnotherChannelDeliversOnTime() throws Exception {
    try (Receiver broken = Receiver.failing(500); Receiver good = Receiver.ok()) {
      // 4 attempts per breach with waits of about 0.5 + 1 + 2 s: the broken channel is busy for many seconds
      Path config = run.writeConfig("""
          max_attempts = 4
          initial_backoff = "500ms"
          max_backoff = "2s"
          jitter_percent = 20
          give_up_after = "1m"
          request_timeout = "5s"
          """, channel("broken", "webhook", broken, false) + channel("good", "webhook", good, false));
      List<BudgetBreach> breaches = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        breaches.add(Breaches.breach(run.prefix, i, List.of("broken", "good")));
      }
      run.start(config, "run.log", Map.of());
      run.produce(breaches);
      Instant produced = Instant.now();

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> good.distinctKeys().equals(keys(breaches, "good")));
      Duration goodTook = Duration.between(produced, Instant.now());
      int brokenAttemptsMeanwhile = broken.requests().size();
      // by then the broken channel has given up on none of its breaches (each takes 4 attempts over at least
      // 3 s of backoff, a few breaches at a time): the good channel did not wait for it
      assertThat(run.readAll(run.deadLetter)).isEmpty();
      assertThat(brokenAttemptsMeanwhile).isLessThan(4 * breaches.size());

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(run::breachesFullyCommitted);
      List<Map.Entry<String, JsonNode>> dead = run.readAll(run.deadLetter);
      assertThat(dead).hasSize(breaches.size());
      for (Map.Entry<String, JsonNode> d : dead) {
        assertThat(d.getValue().path("channel").asText()).isEqualTo("broken");
        assertThat(d.getValue().path("attempts").asInt()).isEqualTo(4);
        assertThat(d.getValue().path("last_error").asText()).startsWith("HTTP 500").doesNotContain("127.0.0.1")
            .doesNotContain("SECRET");
      }
      assertThat(broken.countsByKey().values()).containsOnly(4L).hasSize(breaches.size());
      assertThat(good.requests()).hasSize(breaches.size());
      System.out.printf("good channel: 6 breaches delivered %d ms after they were produced, while the broken one had"
          + " answered %d of its 24 attempts%n", goodTook.toMillis(), brokenAttemptsMeanwhile);
    }
  }

  @Test
  void aBreachNamingAnUnknownChannelIsDeadLetteredAndTheOthersDelivered() throws Exception {
    try (Receiver good = Receiver.ok()) {
      Path config = run.writeConfig(fastRetries(3), channel("good", "webhook", good, false));
      BudgetBreach b = Breaches.breach(run.prefix, 0, List.of("good", "no-such-channel"));
      run.produce(List.of(b));
      run.start(config, "run.log", Map.of());

      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(run::breachesFullyCommitted);
      assertThat(good.distinctKeys()).containsExactly(new DeliveryKey(b.getBreachId(), "good").idempotencyKey());
      List<Map.Entry<String, JsonNode>> dead = run.readAll(run.deadLetter);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).getKey()).isEqualTo(b.getBreachId() + "|no-such-channel");
      JsonNode d = dead.get(0).getValue();
      assertThat(d.path("breach_id").asText()).isEqualTo(b.getBreachId());
      assertThat(d.path("channel").asText()).isEqualTo("no-such-channel");
      assertThat(d.path("attempts").asInt()).isZero();
      assertThat(d.path("last_error").asText()).contains("unknown channel 'no-such-channel'").contains("[good]");
      assertThat(run.readAll(run.deliveries)).extracting(e -> e.getValue().path("state").asText())
          .containsExactlyInAnyOrder("DELIVERED", "DEAD_LETTERED");
      assertThat(run.log("run.log")).contains("unknown channel 'no-such-channel'").doesNotContain("T0SECRET");
    }
  }

  @Test
  void aDeadLetterIsReplayedOnceItsChannelIsFixedAndAReplayRepeatedDeliversNothingTwice() throws Exception {
    try (Receiver good = Receiver.ok(); Receiver later = Receiver.ok()) {
      BudgetBreach b = Breaches.breach(run.prefix, 0, List.of("good", "ops-new"));
      BudgetBreach other = Breaches.breach(run.prefix, 1, List.of("good"));
      run.produce(List.of(b, other));
      run.start(run.writeConfig(fastRetries(3), channel("good", "webhook", good, false)), "run.log", Map.of());
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(run::breachesFullyCommitted);
      assertThat(run.readAll(run.deadLetter)).extracting(Map.Entry::getKey).containsExactly(b.getBreachId() + "|ops-new");

      // the channel is configured now; the dispatcher keeps running while an operator replays
      Path fixed = run.writeConfig("replay", fastRetries(3), channel("good", "webhook", good, false)
          + channel("ops-new", "webhook", later, false));
      Map.Entry<Integer, String> dry = run.replay(fixed, "--dry-run");
      assertThat(dry.getKey()).as(dry.getValue()).isZero();
      assertThat(dry.getValue()).contains("WOULD_REPLAY").contains(b.getBreachId());
      assertThat(later.requests()).isEmpty();

      Map.Entry<Integer, String> first = run.replay(fixed, "--channel", "ops-new", "--since", "1h");
      assertThat(first.getKey()).as(first.getValue()).isZero();
      assertThat(first.getValue()).contains("DELIVERED").contains("1 delivered now");
      assertThat(later.distinctKeys()).containsExactly(new DeliveryKey(b.getBreachId(), "ops-new").idempotencyKey());
      JsonNode body = JSON.readTree(later.requests().get(0).body());
      assertThat(body.path("breach_id").asText()).isEqualTo(b.getBreachId());
      assertThat(body.path("spend_usd").asText()).isEqualTo("812.345678901");

      Map.Entry<Integer, String> again = run.replay(fixed);
      assertThat(again.getKey()).as(again.getValue()).isZero();
      assertThat(again.getValue()).contains("ALREADY_DELIVERED").contains("0 delivered now");
      assertThat(later.requests()).as("a second replay delivers nothing twice").hasSize(1);
      assertThat(good.requests()).hasSize(2);
      List<Map.Entry<String, JsonNode>> ledger = run.readAll(run.deliveries);
      JsonNode last = ledger.stream().filter(e -> e.getKey().equals(b.getBreachId() + "|ops-new")).reduce((x, y) -> y)
          .orElseThrow().getValue();
      assertThat(last.path("state").asText()).isEqualTo("DELIVERED");
      assertThat(last.path("reason").asText()).isEqualTo("replayed from the dead letters");
    }
  }

  @Test
  void aReplayToAChannelStillFailingIsDeadLetteredAgainAndSaysSo() throws Exception {
    try (Receiver refusing = Receiver.failing(410)) {
      BudgetBreach b = Breaches.breach(run.prefix, 0, List.of("gone"));
      run.produce(List.of(b));
      run.start(run.writeConfig(fastRetries(2), ""), "run.log", Map.of());
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(run::breachesFullyCommitted);
      Map.Entry<Integer, String> r = run.replay(run.writeConfig("replay", fastRetries(2), channel("gone", "webhook", refusing, false)));
      assertThat(r.getKey()).as(r.getValue()).isEqualTo(1);
      assertThat(r.getValue()).contains("FAILED_AGAIN").contains("HTTP 410").doesNotContain("127.0.0.1");
      assertThat(run.readAll(run.deadLetter)).extracting(e -> e.getValue().path("last_error").asText())
          .anySatisfy(e -> assertThat(e).startsWith("HTTP 410"));
    }
  }

  @Test
  void aReplayOnAClusterWhoseAlertTopicsDoNotExistFindsNothingAndSaysSo() throws Exception {
    // no dispatcher ever ran with this run's prefix: neither the ledger nor the dead-letter topic exists
    Map.Entry<Integer, String> r = run.replay(run.writeConfig("fresh", fastRetries(2), ""));
    assertThat(r.getKey()).as(r.getValue()).isZero();
    assertThat(r.getValue()).contains("0 dead letter(s) selected");
  }

  @Test
  void theLedgerKeepIsNeverShorterThanTheBreachTopicHoldsItsRecords() throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of(
        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.tokenledger.schemas.testing.StackEnv.bootstrapServers()))) {
      // the breach topic as the stream processor creates it: 90 days, the broker's 7-day segments
      var keep120 = new dev.tokenledger.alerts.config.AlertsSettings.TopicSettings(run.topics.breaches(), run.deliveries, run.deadLetter,
          3, (short) 1, Duration.ofDays(120));
      assertThat(dev.tokenledger.alerts.kafka.TopicSetup.ledgerKeep(admin, keep120)).isEqualTo(Duration.ofDays(120));
      var keep30 = new dev.tokenledger.alerts.config.AlertsSettings.TopicSettings(run.topics.breaches(), run.deliveries, run.deadLetter,
          3, (short) 1, Duration.ofDays(30));
      assertThat(dev.tokenledger.alerts.kafka.TopicSetup.ledgerKeep(admin, keep30)).isEqualTo(Duration.ofDays(98));
    }
  }

  static String fastRetries(int attempts) {
    return """
        max_attempts = %d
        initial_backoff = "200ms"
        max_backoff = "1s"
        give_up_after = "1m"
        request_timeout = "5s"
        """.formatted(attempts);
  }

  static String channel(String name, String type, Receiver r, boolean signed) {
    return """
        [[channel]]
        name = "%s"
        type = "%s"
        url = "%s"
        rate_per_minute = 6000
        burst = 100
        """.formatted(name, type, r.url()) + (signed ? "secret_env = \"IT_HOOK_SECRET\"\n" : "");
  }

  static Set<String> keys(List<BudgetBreach> breaches, String channel) {
    return breaches.stream().filter(b -> b.getNotify().contains(channel))
        .map(b -> new DeliveryKey(b.getBreachId(), channel).idempotencyKey()).collect(Collectors.toSet());
  }

  static String hmac(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
