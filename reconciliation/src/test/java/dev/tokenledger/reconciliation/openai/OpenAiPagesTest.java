package dev.tokenledger.reconciliation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.reconciliation.page.Page;
import dev.tokenledger.reconciliation.testing.Fixtures;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OpenAiPagesTest {

  private static final LocalDate NOV1 = LocalDate.of(2026, 11, 1);

  @Test
  void cachedInputIsSplitOutOfInputAsTheLedgerDoes() throws Exception {
    Page p = OpenAiPages.completions(Fixtures.read("openai/completions.json"));
    assertThat(p.nextPage()).contains("AAAAAGdGxdEiJdKOAAAAAGcqsYA=");
    assertThat(p.rows()).containsExactly(new ProviderRow(Provider.OPENAI, ReportKind.USAGE, NOV1, "gpt-5-codex", "",
        new TokenCounts(200, 500, 0, 800), BigDecimal.ZERO));
  }

  @Test
  void costsAreExactDecimalsAndTheModelComesFromTheLineItem() throws Exception {
    Page p = OpenAiPages.costs(Fixtures.read("openai/costs.json"));
    assertThat(p.nextPage()).isEmpty();
    assertThat(p.rows()).extracting(ProviderRow::model, r -> r.costUsd().toPlainString()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("gpt-5-codex", "0.06"),
        org.assertj.core.groups.Tuple.tuple("gpt-5-codex", "0.0123456789"));
    assertThat(OpenAiPages.lineItemModel("Image models")).isEqualTo("Image models");
  }

  @Test
  void moreCachedThanInputIsRefused() {
    assertThatThrownBy(() -> OpenAiPages.completions("{\"data\": [{\"start_time\": 1793491200, \"results\": "
        + "[{\"input_tokens\": 1, \"input_cached_tokens\": 2, \"output_tokens\": 0}]}], \"has_more\": false}"))
        .hasMessageContaining("input_cached_tokens 2 exceeds input_tokens 1");
  }
}
