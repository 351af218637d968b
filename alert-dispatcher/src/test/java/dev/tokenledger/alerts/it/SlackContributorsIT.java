package dev.tokenledger.alerts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.alerts.alert.Alerts;
import dev.tokenledger.alerts.channel.http.HttpPoster;
import dev.tokenledger.alerts.channel.http.SlackChannel;
import dev.tokenledger.alerts.clickhouse.WarehouseContributors;
import dev.tokenledger.alerts.config.SecretUrl;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Slack delivery with the warehouse's contributors: they appear in the message from the real ClickHouse,
 * and a warehouse that does not answer delays the delivery by no more than the timeout and leaves them out.
 */
class SlackContributorsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

  @Test
  void theSlackMessageNamesTheTopContributorsFromTheWarehouse() throws Exception {
    try (TestDatabase db = TestDatabase.migrated("tl_alerts_slack_it"); Receiver slack = Receiver.ok();
        WarehouseContributors contributors = WarehouseContributors.open(new ClickHouseEndpoint(URI.create(db.url()), db.name(),
            "default", "", Duration.ofSeconds(5)))) {
      db.client().insert("INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, user_id, team, normalized_model,"
          + " cost_total, version) FORMAT TabSeparated", ("e1\tacme\t" + Instant.parse("2026-12-02T10:00:00Z").getEpochSecond()
          + "\t0\t<!channel>\tplatform\tclaude-opus-4\t812.35\t1\n").getBytes(StandardCharsets.UTF_8));
      new SlackChannel("eng", SecretUrl.parse(slack.url()), poster(), contributors).deliver(alert("TEAM", "platform"), "k-1");

      JsonNode blocks = JSON.readTree(slack.requests().get(0).body()).path("blocks");
      assertThat(blocks.get(2).path("text").path("text").asText())
          .isEqualTo("*Top contributors*\n• user &lt;!channel&gt; — $812.35\n• model claude-opus-4 — $812.35");
    }
  }

  @Test
  void aWarehouseThatDoesNotAnswerDelaysTheDeliveryByTheTimeoutAtMost() throws Exception {
    try (Receiver hangingWarehouse = Receiver.ok().holdFirstRequest(); Receiver slack = Receiver.ok();
        WarehouseContributors contributors = WarehouseContributors.open(new ClickHouseEndpoint(
            URI.create(hangingWarehouse.url().substring(0, hangingWarehouse.url().indexOf("/hooks"))), "tokenledger", "default",
            "", Duration.ofMillis(500)))) {
      long t0 = System.nanoTime();
      new SlackChannel("eng", SecretUrl.parse(slack.url()), poster(), contributors).deliver(alert("TEAM", "platform"), "k-1");
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(hangingWarehouse.awaitHeld(5)).isTrue();     // the lookup was made, and got no answer
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofMillis(2_000));
      assertThat(slack.requests()).hasSize(1);
      assertThat(slack.requests().get(0).body()).doesNotContain("Top contributors");
    }
  }

  private static HttpPoster poster() {
    return new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(5), java.time.Clock.systemUTC());
  }

  private static Alert alert(String scope, String value) {
    Alert a = Alerts.sample(AlertKind.CROSSED, List.of("eng"));
    return new Alert(a.breachId(), a.kind(), "acme", a.budgetId(), scope, value, a.period(), START, END, a.thresholdPercent(),
        a.spendUsd(), a.limitUsd(), a.percentOfLimit(), a.burnRateUsdPerHour(), a.projectedExhaustion(), a.triggeringEventId(),
        a.detectedTime(), a.channels());
  }
}
