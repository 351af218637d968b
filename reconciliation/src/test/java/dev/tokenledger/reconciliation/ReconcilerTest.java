package dev.tokenledger.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 2);
  private static final String SONNET = "claude-sonnet-4-5-20250929";

  private static ProviderRow usage(LocalDate day, String model, TokenCounts t) {
    return new ProviderRow(Provider.ANTHROPIC, ReportKind.USAGE, day, model, "", t, BigDecimal.ZERO);
  }

  private static ProviderRow cost(LocalDate day, String model, String usd) {
    return new ProviderRow(Provider.ANTHROPIC, ReportKind.COST, day, model, "", TokenCounts.ZERO, new BigDecimal(usd));
  }

  @Test
  void equalFiguresMatchAndDifferencesAreLedgerMinusProvider() {
    TokenCounts t = new TokenCounts(10, 20, 30, 40);
    List<ReconciliationRow> rows = new Reconciler(ModelMap.IDENTITY).reconcile(Provider.ANTHROPIC, GroupBy.MODEL,
        List.of(new LedgerRow(D1, SONNET, "", t, new BigDecimal("1.500000000")),
            new LedgerRow(D2, SONNET, "", t, new BigDecimal("2.00"))),
        List.of(usage(D1, SONNET, t), cost(D1, SONNET, "1.0"), cost(D1, SONNET, "0.5"),
            usage(D2, SONNET, new TokenCounts(10, 25, 30, 40)), cost(D2, SONNET, "2.50")));
    assertThat(rows).hasSize(2);
    ReconciliationRow same = rows.get(0);
    assertThat(same.status()).isEqualTo(MatchStatus.MATCHED);
    assertThat(same.tokenVariance()).isZero();
    assertThat(same.costVarianceUsd().signum()).isZero();
    ReconciliationRow off = rows.get(1);
    assertThat(off.status()).isEqualTo(MatchStatus.DIFFERENT);
    assertThat(off.tokenVariance()).isEqualTo(-5);
    assertThat(off.tokenShare()).contains(new BigDecimal("-0.047619"));    // -5 / 105
    assertThat(off.costVarianceUsd()).isEqualByComparingTo("-0.50");
    assertThat(off.costShare()).contains(new BigDecimal("-0.200000"));
  }

  @Test
  void keysOnOneSideOnlyAreKeptWithAnEmptyShareWhereTheProviderHasNothing() {
    TokenCounts t = new TokenCounts(1, 2, 3, 4);
    List<ReconciliationRow> rows = new Reconciler(ModelMap.IDENTITY).reconcile(Provider.ANTHROPIC, GroupBy.MODEL,
        List.of(new LedgerRow(D1, "only-in-ledger", "", t, new BigDecimal("0.1"))),
        List.of(usage(D2, "only-at-provider", t), cost(D2, "", "3")));
    assertThat(rows).extracting(ReconciliationRow::day, ReconciliationRow::model, ReconciliationRow::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(D1, "only-in-ledger", MatchStatus.LEDGER_ONLY),
        org.assertj.core.groups.Tuple.tuple(D2, "", MatchStatus.PROVIDER_ONLY),
        org.assertj.core.groups.Tuple.tuple(D2, "only-at-provider", MatchStatus.PROVIDER_ONLY));
    assertThat(rows.get(0).tokenShare()).isEmpty();
    assertThat(rows.get(0).costShare()).isEmpty();
    assertThat(rows.get(0).tokenVariance()).isEqualTo(10);
    assertThat(rows.get(2).tokenVariance()).isEqualTo(-10);
    assertThat(rows.get(2).tokenShare()).contains(new BigDecimal("-1.000000"));
  }

  @Test
  void providerModelIdsAreMappedAndSeveralIdsOfOneLedgerModelAddUp() {
    ModelMap map = new ModelMap(Map.of("claude-sonnet-4-5", SONNET, "claude-sonnet-4-5@20250929", SONNET));
    List<ReconciliationRow> rows = new Reconciler(map).reconcile(Provider.ANTHROPIC, GroupBy.MODEL,
        List.of(new LedgerRow(D1, SONNET, "", new TokenCounts(3, 0, 0, 0), BigDecimal.ZERO)),
        List.of(usage(D1, "claude-sonnet-4-5", new TokenCounts(1, 0, 0, 0)),
            usage(D1, "claude-sonnet-4-5@20250929", new TokenCounts(2, 0, 0, 0))));
    assertThat(rows).singleElement().extracting(ReconciliationRow::status).isEqualTo(MatchStatus.MATCHED);
  }

  @Test
  void bySubjectTheClaudeCodeReportMeetsTheLedgerByEmailWithoutCaseAndOtherReportsAreIgnored() {
    TokenCounts t = new TokenCounts(5, 5, 0, 0);
    List<ReconciliationRow> rows = new Reconciler(ModelMap.IDENTITY).reconcile(Provider.ANTHROPIC, GroupBy.SUBJECT,
        List.of(new LedgerRow(D1, SONNET, "ana@acme.example", t, new BigDecimal("0.25"))),
        List.of(new ProviderRow(Provider.ANTHROPIC, ReportKind.CLAUDE_CODE, D1, SONNET, "Ana@Acme.example", t,
            new BigDecimal("0.25")), usage(D1, SONNET, new TokenCounts(99, 0, 0, 0))));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.subject()).isEqualTo("ana@acme.example");
      assertThat(r.status()).isEqualTo(MatchStatus.MATCHED);
    });
  }

  @Test
  void openAiHasNoSubjectReport() {
    assertThatThrownBy(() -> Reconciler.reportsFor(Provider.OPENAI, GroupBy.SUBJECT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group by model");
  }

  @Test
  void theThresholdFlagsLargeSharesAndVariancesWithoutAShare() {
    ReconciliationTable table = new ReconciliationTable(new BigDecimal("0.05"));
    TokenCounts hundred = new TokenCounts(100, 0, 0, 0);
    ReconciliationRow small = ReconciliationRow.of(D1, Provider.ANTHROPIC, SONNET, "", true, new TokenCounts(105, 0, 0, 0),
        BigDecimal.ONE, true, hundred, BigDecimal.ONE);
    ReconciliationRow large = ReconciliationRow.of(D1, Provider.ANTHROPIC, SONNET, "", true, new TokenCounts(106, 0, 0, 0),
        BigDecimal.ONE, true, hundred, BigDecimal.ONE);
    ReconciliationRow ledgerOnly = ReconciliationRow.of(D1, Provider.ANTHROPIC, SONNET, "", true, hundred,
        BigDecimal.ONE, false, TokenCounts.ZERO, BigDecimal.ZERO);
    assertThat(table.overThreshold(small)).isFalse();
    assertThat(table.overThreshold(large)).isTrue();
    assertThat(table.overThreshold(ledgerOnly)).isTrue();
    assertThat(table.values(ledgerOnly)).containsEntry("token_share", null).containsEntry("cost_share", null)
        .containsEntry("status", "ledger_only").containsEntry("ledger_tokens", 100L).containsKeys(
            ReconciliationTable.COLUMNS.toArray(String[]::new));
  }
}
