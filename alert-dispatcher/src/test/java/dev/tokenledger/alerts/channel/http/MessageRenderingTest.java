package dev.tokenledger.alerts.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.alerts.alert.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The webhook JSON (stable field order, exact decimals) and the Slack message. */
class MessageRenderingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theWebhookPayloadHasEveryDocumentedFieldInOrder() throws Exception {
    JsonNode n = JSON.readTree(AlertJson.render(Alerts.sample(AlertKind.CROSSED, List.of("ops")), "ops", "k-1"));
    List<String> fields = new ArrayList<>();
    n.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("version", "kind", "breach_id", "delivery_id", "channel", "org_id", "budget_id",
        "scope", "scope_value", "period", "period_start", "period_end", "threshold_percent", "spend_usd", "limit_usd",
        "percent_of_limit", "burn_rate_usd_per_hour", "projected_exhaustion_time", "triggering_event_id", "detected_time");
    assertThat(n.path("version").asInt()).isEqualTo(1);
    assertThat(n.path("kind").asText()).isEqualTo("CROSSED");
    assertThat(n.path("delivery_id").asText()).isEqualTo("k-1");
    assertThat(n.path("spend_usd").isTextual()).isTrue();
    assertThat(n.path("spend_usd").asText()).isEqualTo("1812.345678901");
    assertThat(n.path("percent_of_limit").asText()).isEqualTo("90.6173");
    assertThat(n.path("period_start").asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(n.path("projected_exhaustion_time").asText()).isEqualTo("2026-12-08T12:00:00Z");
  }

  @Test
  void anUnknownExhaustionIsNull() throws Exception {
    Alert a = Alerts.sample(AlertKind.CROSSED, List.of("ops"));
    Alert none = new Alert(a.breachId(), a.kind(), a.orgId(), a.budgetId(), a.scope(), a.scopeValue(), a.period(),
        a.periodStart(), a.periodEnd(), a.thresholdPercent(), a.spendUsd(), a.limitUsd(), a.percentOfLimit(),
        a.burnRateUsdPerHour(), Optional.empty(), a.triggeringEventId(), a.detectedTime(), a.channels());
    assertThat(JSON.readTree(AlertJson.render(none, "ops", "k")).path("projected_exhaustion_time").isNull()).isTrue();
    assertThat(SlackMessage.render(none, List.of())).contains("not at this rate");
  }

  @Test
  void slackGetsAReadableSummaryAndBlocksWithTheFigures() throws Exception {
    Alert a = Alerts.sample(AlertKind.CROSSED, List.of("eng"));
    assertThat(SlackMessage.summary(a)).isEqualTo(
        "Budget team-budget (cost centre R&D <north>, month) crossed 80% of its limit: $1,812.35 of $2,000.00 (90.6%)");
    JsonNode n = JSON.readTree(SlackMessage.render(a, List.of()));
    assertThat(n.path("text").asText()).isEqualTo(SlackMessage.summary(a));
    JsonNode blocks = n.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("Budget alert: team-budget at 90.6%");
    String fields = blocks.get(1).path("fields").toString();
    assertThat(fields).contains("*Spend*\\n$1,812.35").contains("*Limit*\\n$2,000.00").contains("*Percent of limit*\\n90.6%")
        .contains("*Period*\\nmonth from 2026-12-01 00:00 UTC").contains("*Projected exhaustion*\\n2026-12-08 12:00 UTC")
        .contains("cost centre R&amp;D &lt;north&gt;");     // mrkdwn control characters escaped
    assertThat(blocks).hasSize(3);                         // no contributors section when none are known
  }

  @Test
  void slackShowsTopContributorsWhenTheExtensionPointKnowsThem() throws Exception {
    JsonNode n = JSON.readTree(SlackMessage.render(Alerts.sample(AlertKind.CROSSED, List.of("eng")),
        List.of("alice — $900.00", "claude-opus-4 — $700.00")));
    assertThat(n.path("blocks").get(2).path("text").path("text").asText())
        .isEqualTo("*Top contributors*\n• alice — $900.00\n• claude-opus-4 — $700.00");
  }

  @Test
  void contributorsAreEscapedKeptToOneLineEachAndBounded() throws Exception {
    List<String> many = new ArrayList<>();
    many.add("user <!channel> & <https://evil.example|click> — $1.00");
    many.add("user bob\n• model fake — $9,999.00\r — $2.00");
    many.add("model " + "m".repeat(200) + " — $3.00");
    for (int i = 0; i < 20; i++) {
      many.add("model m" + i + " — $0.01");
    }
    Alert a = Alerts.sample(AlertKind.CROSSED, List.of("eng"));
    String text = JSON.readTree(SlackMessage.render(a, many)).path("blocks").get(2).path("text").path("text").asText();
    String[] lines = text.split("\n");
    assertThat(lines[0]).isEqualTo("*Top contributors*");
    assertThat(lines).hasSize(1 + SlackMessage.MAX_CONTRIBUTORS);
    assertThat(lines[1]).isEqualTo("• user &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; — $1.00");
    assertThat(lines[2]).isEqualTo("• user bob • model fake — $9,999.00  — $2.00");
    assertThat(lines[3]).isEqualTo("• model " + "m".repeat(SlackMessage.MAX_CONTRIBUTOR_CHARS - 7) + "…");
    assertThat(text.length()).isLessThan(3000);
  }

  @Test
  void theWebhookPayloadHasNoContributors() throws Exception {
    // contributors are for Slack only: the webhook's version-1 payload is unchanged
    assertThat(AlertJson.render(Alerts.sample(AlertKind.CROSSED, List.of("ops")), "ops", "k")).doesNotContain("contributor");
  }

  @Test
  void aForecastSaysSo() throws Exception {
    Alert f = Alerts.sample(AlertKind.FORECAST, List.of("eng"));
    assertThat(SlackMessage.summary(f)).contains("is forecast to reach 80% of its limit");
    assertThat(JSON.readTree(SlackMessage.render(f, List.of())).path("blocks").get(0).path("text").path("text").asText())
        .startsWith("Budget forecast: ");
    assertThat(JSON.readTree(AlertJson.render(f, "ops", "k")).path("kind").asText()).isEqualTo("FORECAST");
  }

  @Test
  void aDigestAsWebhookJsonAndAsASlackMessage() throws Exception {
    dev.tokenledger.alerts.alert.Digest d = new dev.tokenledger.alerts.alert.Digest("acme", java.time.LocalDate.of(2026, 12, 7),
        "Europe/Berlin", java.time.Instant.parse("2026-12-07T08:00:00Z"), java.util.List.of(
        new dev.tokenledger.alerts.alert.Digest.Line("data-daily", "TEAM", "data", "DAY", java.time.Instant.parse("2026-12-06T23:00:00Z"),
            java.time.Instant.parse("2026-12-07T23:00:00Z"), new java.math.BigDecimal("1.5"), new java.math.BigDecimal("10"),
            new java.math.BigDecimal("15.00"), null, "ok"),
        new dev.tokenledger.alerts.alert.Digest.Line("platform-monthly", "TEAM", "platform", "MONTH",
            java.time.Instant.parse("2026-11-30T23:00:00Z"), java.time.Instant.parse("2026-12-31T23:00:00Z"),
            new java.math.BigDecimal("512.250000001"), new java.math.BigDecimal("500"), new java.math.BigDecimal("102.45"),
            new java.math.BigDecimal("2100.5"), "exceeded")));
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(AlertJson.renderDigest(d, "ops", "key-1"));
    assertThat(json.path("kind").asText()).isEqualTo("DIGEST");
    assertThat(json.path("day").asText()).isEqualTo("2026-12-07");
    assertThat(json.path("delivery_id").asText()).isEqualTo("key-1");
    assertThat(json.path("budgets")).hasSize(2);
    assertThat(json.path("budgets").path(1).path("spend_usd").asText()).isEqualTo("512.250000001");
    assertThat(json.path("budgets").path(0).path("projected_usd").isNull()).isTrue();

    com.fasterxml.jackson.databind.JsonNode slack = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(SlackMessage.renderDigest(d));
    assertThat(slack.path("text").asText())
        .isEqualTo("Budget digest for 2026-12-07 (Europe/Berlin): 2 budget(s), 1 exceeded, 0 warning");
    String lines = slack.path("blocks").path(1).path("text").path("text").asText();
    assertThat(lines.indexOf("platform-monthly")).as("the most used first").isLessThan(lines.indexOf("data-daily"));
    assertThat(lines).contains(":red_circle: platform-monthly (team platform, month): $512.25 of $500.00 (102.5%), projected $2,100.50");
  }
}
