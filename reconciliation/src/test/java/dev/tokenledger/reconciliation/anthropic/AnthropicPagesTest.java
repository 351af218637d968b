package dev.tokenledger.reconciliation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.reconciliation.page.Page;
import dev.tokenledger.reconciliation.testing.Fixtures;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AnthropicPagesTest {

  private static final LocalDate NOV1 = LocalDate.of(2026, 11, 1);

  @Test
  void usageResultsBecomeTheLedgersTokenKindsAndThePageCursorIsKept() throws Exception {
    Page p = AnthropicPages.usage(Fixtures.read("anthropic/usage-page-1.json"));
    assertThat(p.nextPage()).contains("page_MjAyNi0xMS0wMlQwMDowMDowMFo=");
    assertThat(p.rows()).containsExactly(
        new ProviderRow(Provider.ANTHROPIC, ReportKind.USAGE, NOV1, "claude-sonnet-4-5-20250929", "",
            new TokenCounts(1500, 500, 1500, 200), BigDecimal.ZERO),
        new ProviderRow(Provider.ANTHROPIC, ReportKind.USAGE, NOV1, "claude-haiku-4-5-20251001", "",
            new TokenCounts(40, 90, 60, 7000), BigDecimal.ZERO));
    Page last = AnthropicPages.usage(Fixtures.read("anthropic/usage-page-2.json"));
    assertThat(last.nextPage()).isEmpty();
    assertThat(last.rows()).singleElement().extracting(ProviderRow::day, ProviderRow::tokens)
        .containsExactly(LocalDate.of(2026, 11, 2), new TokenCounts(3, 712, 5601, 29509));
  }

  @Test
  void costAmountsAreCentsAsDecimalStringsAndNonTokenCostsHaveNoModel() throws Exception {
    Page p = AnthropicPages.cost(Fixtures.read("anthropic/cost.json"));
    assertThat(p.rows()).extracting(ProviderRow::model, r -> r.costUsd().toPlainString()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("claude-sonnet-4-5-20250929", "0.0045"),
        org.assertj.core.groups.Tuple.tuple("claude-sonnet-4-5-20250929", "0.0075"),
        org.assertj.core.groups.Tuple.tuple("", "0.100"));
    assertThat(p.rows()).allSatisfy(r -> assertThat(r.tokens()).isEqualTo(TokenCounts.ZERO));
  }

  @Test
  void claudeCodeRecordsAreOneRowPerActorAndModelWithTheEstimatedCostInCents() throws Exception {
    Page p = AnthropicPages.claudeCode(Fixtures.read("anthropic/claude_code.json"));
    assertThat(p.rows()).containsExactly(
        new ProviderRow(Provider.ANTHROPIC, ReportKind.CLAUDE_CODE, NOV1, "claude-sonnet-4-5-20250929", "Ana@acme.example",
            new TokenCounts(100000, 35000, 5000, 10000), new BigDecimal("10.25")),
        new ProviderRow(Provider.ANTHROPIC, ReportKind.CLAUDE_CODE, NOV1, "claude-haiku-4-5-20251001", "Ana@acme.example",
            new TokenCounts(50000, 20000, 2000, 5000), new BigDecimal("0.125")),
        new ProviderRow(Provider.ANTHROPIC, ReportKind.CLAUDE_CODE, NOV1, "claude-sonnet-4-5-20250929", "ci-reviewer",
            new TokenCounts(10, 20, 0, 0), new BigDecimal("0.00033")));
  }

  @Test
  void aPageThatIsNotTheDocumentedShapeIsRefusedWithItsReason() {
    assertThatThrownBy(() -> AnthropicPages.usage("{\"has_more\": false}"))
        .isInstanceOf(ProviderReportException.class).hasMessageContaining("'data' is missing");
    assertThatThrownBy(() -> AnthropicPages.usage("{\"data\": [{\"starting_at\": \"yesterday\", \"results\": []}]}"))
        .hasMessageContaining("not an RFC 3339 time");
    assertThatThrownBy(() -> AnthropicPages.usage("{\"data\": [], \"has_more\": true}"))
        .hasMessageContaining("next_page is missing");
    assertThatThrownBy(() -> AnthropicPages.cost("{\"data\": [{\"starting_at\": \"2026-11-01T00:00:00Z\", \"results\": "
        + "[{\"currency\": \"EUR\", \"amount\": \"1\"}]}]}")).hasMessageContaining("currency EUR");
    assertThatThrownBy(() -> AnthropicPages.usage("<html>")).hasMessageContaining("not JSON");
  }
}
