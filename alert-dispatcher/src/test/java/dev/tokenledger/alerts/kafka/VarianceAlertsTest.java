package dev.tokenledger.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.events.ReconciliationVariance;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class VarianceAlertsTest {

  private static ReconciliationVariance record(List<String> notify, BigDecimal costShare) {
    return ReconciliationVariance.newBuilder().setVarianceId("acme|openai|2026-11-01|gpt-5||9").setOrgId("acme")
        .setProvider("openai").setDay(LocalDate.of(2026, 11, 1)).setModel("gpt-5").setSubject("").setStatus("LEDGER_ONLY")
        .setLedgerTokens(120).setProviderTokens(0).setTokenVariance(120).setTokenShare(null)
        .setLedgerCostUsd(new BigDecimal("1.250000000")).setProviderCostUsd(new BigDecimal("0.000000000"))
        .setCostVarianceUsd(new BigDecimal("1.250000000")).setCostShare(costShare)
        .setThresholdShare(new BigDecimal("0.050000")).setImportVersion(9).setDetectedTime(Instant.parse("2026-11-02T06:00:00Z"))
        .setNotify(notify).build();
  }

  @Test
  void everyFigureIsCarriedOverAndAMissingShareIsEmpty() {
    Variance v = VarianceAlerts.of(record(List.of("finance"), null), List.of());
    assertThat(v.varianceId()).isEqualTo("acme|openai|2026-11-01|gpt-5||9");
    assertThat(v.provider()).isEqualTo("openai");
    assertThat(v.day()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(v.status()).isEqualTo("LEDGER_ONLY");
    assertThat(v.ledgerTokens()).isEqualTo(120);
    assertThat(v.tokenShare()).isEmpty();
    assertThat(v.costShare()).isEmpty();
    assertThat(v.ledgerCostUsd()).isEqualTo(new BigDecimal("1.250000000"));
    assertThat(v.threshold()).isEqualTo(new BigDecimal("0.050000"));
    assertThat(v.importVersion()).isEqualTo(9);
    assertThat(v.channels()).containsExactly("finance");
  }

  @Test
  void theDispatchersOwnVarianceChannelsAreAddedOnce() {
    Variance v = VarianceAlerts.of(record(List.of("finance"), new BigDecimal("0.100000")), List.of("eng", "finance"));
    assertThat(v.channels()).containsExactly("finance", "eng");
    assertThat(v.costShare()).contains(new BigDecimal("0.100000"));
    assertThat(VarianceAlerts.of(record(List.of(), null), List.of()).channels()).isEmpty();
  }
}
