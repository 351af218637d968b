package dev.tokenledger.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's tables end with the total of the whole question, not of the rows shown. */
class SpendTableTextTest {

  private static SpendRow row(String team, long requests, String cost) {
    return new SpendRow(null, Map.of(Dimension.TEAM, team), requests, null, Map.of(), new BigDecimal(cost), BigDecimal.ZERO);
  }

  @Test
  void theTotalLineIsTheQuestionsTotalEvenWhenOnlyTheTopRowsAreShown() {
    SpendQuery top2 = new SpendQuery(List.of(Dimension.TEAM), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1),
        ZoneId.of("UTC"), Map.of(), SortOrder.COST, PageRequest.first(2), false);
    String text = SpendTableText.render(top2, List.of(row("a", 5, "10"), row("b", 3, "5")), row("", 20, "21.005"));
    assertThat(text).contains("total (all matching usage): 20 requests, 21.01 USD").doesNotContain("8 requests");
    assertThat(top2.total().groupBy()).isEmpty();
    assertThat(top2.total().granularity()).isEqualTo(Granularity.TOTAL);
    assertThat(top2.total().from()).isEqualTo(top2.from());
    String one = SpendTableText.render(top2, List.of(row("a", 5, "10")), row("", 20, "21"));
    assertThat(one).as("a single shown row of a larger total still gets the total").contains("20 requests");
  }

  @Test
  void aLineNamesTheShareOfTheTotalThatIsNotProviderFinalWhenThereIsAny() {
    SpendQuery q = new SpendQuery(List.of(Dimension.TEAM), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1),
        ZoneId.of("UTC"), Map.of(), SortOrder.COST, PageRequest.first(2), false);
    List<SpendRow> rows = List.of(row("a", 5, "10"), row("b", 3, "5"));
    assertThat(SpendTableText.render(q, rows, row("", 8, "15"))).doesNotContain("provider-final");
    SpendRow total = new SpendRow(null, Map.of(), 8, null, Map.of(), new BigDecimal("15"), BigDecimal.ZERO, null, null, null,
        new BigDecimal("2.25"));
    assertThat(SpendTableText.render(q, rows, total))
        .endsWith("not provider-final (estimated or lower-bound counts): 2.25 USD, 15.0% of the total\n");
  }
}
