package dev.tokenledger.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

  private final DeliveryKey key = new DeliveryKey("acme|b|2026-12-01T00:00:00Z|80|1000", "ops");
  private final Instant t = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void ledgerRecordsRoundTrip() {
    for (Settlement s : List.of(Settlement.delivered(key, t, 2), Settlement.deadLettered(key, t, 8, "HTTP 500 (gave up)"))) {
      assertThat(LedgerCodec.fromLedger(key.ledgerKey(), LedgerCodec.ledgerValue(s))).isEqualTo(s);
    }
    assertThat(new String(LedgerCodec.ledgerValue(Settlement.delivered(key, t, 1)), StandardCharsets.UTF_8))
        .isEqualTo("{\"version\":1,\"state\":\"DELIVERED\",\"time\":\"2026-12-07T10:00:00Z\",\"attempts\":1,\"reason\":\"\"}");
    assertThatThrownBy(() -> LedgerCodec.fromLedger(key.ledgerKey(), "{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeadLetterSaysBreachChannelAttemptsAndLastError() throws Exception {
    JsonNode n = new ObjectMapper().readTree(LedgerCodec.deadLetterValue(Settlement.deadLettered(key, t, 8, "HTTP 500")));
    assertThat(n.path("breach_id").asText()).isEqualTo(key.breachId());
    assertThat(n.path("channel").asText()).isEqualTo("ops");
    assertThat(n.path("attempts").asInt()).isEqualTo(8);
    assertThat(n.path("last_error").asText()).isEqualTo("HTTP 500");
  }

  @Test
  void aBreachBecomesAnAlertOfItsKind() {
    BudgetBreach b = BudgetBreach.newBuilder().setBreachId("id").setBudgetId("bud").setOrgId("acme").setScope(Scope.TEAM)
        .setScopeValue("t").setPeriod(Period.DAY).setPeriodStart(t).setPeriodEnd(t.plusSeconds(86400)).setThresholdPercent(50)
        .setSpendUsd(new BigDecimal("5.000000000")).setLimitUsd(new BigDecimal("10.000000000"))
        .setPercentOfLimit(new BigDecimal("50.0000")).setBurnRateUsdPerHour(new BigDecimal("1.000000000"))
        .setTriggeringEventId("e").setEventTime(t).setDetectedTime(t).setNotify(List.of("ops", "slack")).build();
    var a = BreachAlerts.of(b);
    assertThat(a.kind()).isEqualTo(AlertKind.CROSSED);
    assertThat(a.scope()).isEqualTo("TEAM");
    assertThat(a.projectedExhaustion()).isEmpty();
    assertThat(a.channels()).containsExactly("ops", "slack");
    assertThat(BreachAlerts.kindOf(b)).isEqualTo(AlertKind.CROSSED);
    assertThat(BreachAlerts.of(BudgetBreach.newBuilder(b).setKind(BreachKind.FORECAST).build()).kind()).isEqualTo(AlertKind.FORECAST);
    assertThat(BreachAlerts.kindOf(BudgetBreach.newBuilder(b).setKind(BreachKind.OTHER).build())).as("a kind newer than this reader is still alerted").isEqualTo(AlertKind.CROSSED);
  }
}
