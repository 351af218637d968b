package dev.tokenledger.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VarianceAlertsTest {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 2);
  private static final Instant NOW = Instant.parse("2026-11-03T06:00:00Z");
  private static final ReconciliationTable TABLE = new ReconciliationTable(new BigDecimal("0.05"));

  private static ReconciliationRow row(LocalDate day, String model, String subject, long ledgerTokens, long providerTokens,
      String ledgerCost, String providerCost) {
    return ReconciliationRow.of(day, Provider.ANTHROPIC, model, subject, true, new TokenCounts(ledgerTokens, 0, 0, 0),
        new BigDecimal(ledgerCost), true, new TokenCounts(providerTokens, 0, 0, 0), new BigDecimal(providerCost));
  }

  @Test
  void onlyRowsOverTheThresholdOnImportedDaysBecomeAlerts() {
    ReconciliationRow within = row(D1, "sonnet", "", 1000, 1000, "10.40", "10.00");    // cost share 0.04
    ReconciliationRow over = row(D1, "opus", "", 1000, 1000, "10.60", "10.00");        // cost share 0.06
    ReconciliationRow overNoImport = row(D2, "opus", "", 2000, 1000, "1", "1");        // token share 1.0
    VarianceAlerts.Selection s = VarianceAlerts.select("acme", List.of(within, over, overNoImport), TABLE,
        Map.of(Provider.ANTHROPIC, Map.of(D1, 1_733_000_000_000L)), List.of("finance-hook"), NOW);
    assertThat(s.alerts()).singleElement().satisfies(a -> {
      assertThat(a.row()).isEqualTo(over);
      assertThat(a.importVersion()).isEqualTo(1_733_000_000_000L);
      assertThat(a.threshold()).isEqualByComparingTo("0.05");
      assertThat(a.channels()).containsExactly("finance-hook");
      assertThat(a.detectedTime()).isEqualTo(NOW);
    });
    assertThat(s.withoutImport()).isEqualTo(1);
  }

  @Test
  void theIdNamesOrgProviderDayModelSubjectAndImportSoARerunOfTheSameImportIsTheSameAlert() {
    ReconciliationRow r = row(D1, "opus", "ann@acme.example", 10, 5, "2", "1");
    VarianceAlert first = new VarianceAlert("acme", r, new BigDecimal("0.05"), 42L, NOW, List.of());
    VarianceAlert again = new VarianceAlert("acme", r, new BigDecimal("0.05"), 42L, NOW.plusSeconds(3600), List.of());
    VarianceAlert reimported = new VarianceAlert("acme", r, new BigDecimal("0.05"), 43L, NOW, List.of());
    assertThat(first.id()).isEqualTo("acme|anthropic|2026-11-01|opus|ann@acme.example|42").isEqualTo(again.id());
    assertThat(reimported.id()).isNotEqualTo(first.id());
  }
}
