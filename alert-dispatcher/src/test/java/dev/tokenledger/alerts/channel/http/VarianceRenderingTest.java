package dev.tokenledger.alerts.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.alerts.alert.Variances;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A variance as the webhook JSON (documented fields, exact decimals) and as a Slack message. */
class VarianceRenderingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theWebhookPayloadHasEveryDocumentedFieldInOrderWithExactDecimals() throws Exception {
    JsonNode n = JSON.readTree(AlertJson.renderVariance(Variances.sample(List.of("finance")), "finance", "k-1"));
    List<String> fields = new ArrayList<>();
    n.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("version", "kind", "variance_id", "delivery_id", "channel", "org_id", "provider",
        "day", "model", "subject", "status", "ledger_tokens", "provider_tokens", "token_variance", "token_share",
        "ledger_cost_usd", "provider_cost_usd", "cost_variance_usd", "cost_share", "threshold_share", "import_version",
        "detected_time");
    assertThat(n.path("kind").asText()).isEqualTo("VARIANCE");
    assertThat(n.path("variance_id").asText()).isEqualTo("acme|anthropic|2026-11-01|claude-opus-4||1733011200000");
    assertThat(n.path("delivery_id").asText()).isEqualTo("k-1");
    assertThat(n.path("day").asText()).isEqualTo("2026-11-01");
    assertThat(n.path("ledger_tokens").asLong()).isEqualTo(1_100_000);
    assertThat(n.path("ledger_cost_usd").asText()).isEqualTo("10.600000000");
    assertThat(n.path("provider_cost_usd").asText()).isEqualTo("10.000000000");
    assertThat(n.path("cost_variance_usd").asText()).isEqualTo("0.600000000");
    assertThat(n.path("cost_share").asText()).isEqualTo("0.060000");
    assertThat(n.path("token_share").asText()).isEqualTo("0.100000");
    assertThat(n.path("threshold_share").asText()).isEqualTo("0.050000");
    assertThat(n.path("detected_time").asText()).isEqualTo("2026-11-02T06:00:00Z");
  }

  @Test
  void aShareThatDoesNotExistIsNullInJsonAndSaidInSlack() throws Exception {
    Variance s = Variances.sample(List.of("finance"));
    Variance ledgerOnly = new Variance(s.varianceId(), s.orgId(), s.provider(), s.day(), s.model(), "ann@acme.example",
        "LEDGER_ONLY", 500, 0, 500, Optional.empty(), new BigDecimal("2.5"), BigDecimal.ZERO, new BigDecimal("2.5"),
        Optional.empty(), s.threshold(), s.importVersion(), s.detectedTime(), s.channels());
    JsonNode n = JSON.readTree(AlertJson.renderVariance(ledgerOnly, "finance", "k"));
    assertThat(n.path("token_share").isNull()).isTrue();
    assertThat(n.path("cost_share").isNull()).isTrue();
    assertThat(SlackMessage.summary(ledgerOnly)).isEqualTo("Reconciliation: anthropic 2026-11-01 claude-opus-4 ann@acme.example:"
        + " ledger $2.50 vs provider $0.00 (+$2.50, no provider cost), over the 5.0% threshold");
    assertThat(SlackMessage.renderVariance(ledgerOnly)).contains("(no provider tokens)").contains("(no provider cost)");
  }

  @Test
  void slackGetsAOneLineSummaryAndTheFiguresOfBothSides() throws Exception {
    Variance v = Variances.sample(List.of("eng"));
    assertThat(SlackMessage.summary(v)).isEqualTo("Reconciliation: anthropic 2026-11-01 claude-opus-4: ledger $10.60 vs"
        + " provider $10.00 (+$0.60, +6.0%), over the 5.0% threshold");
    JsonNode n = JSON.readTree(SlackMessage.renderVariance(v));
    assertThat(n.path("text").asText()).isEqualTo(SlackMessage.summary(v));
    assertThat(n.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("Reconciliation variance: anthropic 2026-11-01");
    String fields = n.path("blocks").get(1).path("fields").toString();
    assertThat(fields).contains("*Cost: ledger / provider*\\n$10.60 / $10.00").contains("*Cost variance*\\n+$0.60 (+6.0%)")
        .contains("*Tokens: ledger / provider*\\n1,100,000 / 1,000,000").contains("*Token variance*\\n+100,000 (+10.0%)")
        .contains("*Subject*\\n(all)");
    assertThat(n.path("blocks").get(2).toString()).contains("variance acme|anthropic|2026-11-01|claude-opus-4||1733011200000");
  }

  @Test
  void aNegativeVarianceIsSignedAndAModelCannotInjectMarkup() {
    Variance s = Variances.sample(List.of("eng"));
    Variance under = new Variance(s.varianceId(), s.orgId(), s.provider(), s.day(), "<!channel>", s.subject(), s.status(),
        900, 1000, -100, Optional.of(new BigDecimal("-0.100000")), new BigDecimal("9"), new BigDecimal("10"),
        new BigDecimal("-1"), Optional.of(new BigDecimal("-0.100000")), s.threshold(), s.importVersion(), s.detectedTime(),
        s.channels());
    String slack = SlackMessage.renderVariance(under);
    assertThat(slack).contains("-$1.00 (-10.0%)").contains("&lt;!channel&gt;");
    assertThat(SlackMessage.summary(under)).contains("(-$1.00, -10.0%)");
  }
}
