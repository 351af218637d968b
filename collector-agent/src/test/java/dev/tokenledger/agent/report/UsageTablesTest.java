package dev.tokenledger.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ccusage-like tables: columns, the Total row, the per-model rows and the compact form. */
class UsageTablesTest {

  private static Report report() {
    ReportRow d1 = UsageReports.row("2026-11-03", Map.of(), new java.util.TreeMap<>(Map.of(
        "claude-opus-4-1", new Usage(2, 1000, 200, 3000, 40000, new BigDecimal("1.234567891")),
        "claude-sonnet-4-5", new Usage(1, 10, 20, 30, 40, new BigDecimal("0.005")))));
    ReportRow d2 = UsageReports.row("2026-11-04", Map.of(), Map.of("gpt-5", new Usage(1, 5, 5, 0, 0, new BigDecimal("0.01"))));
    // the total is over every matching row, not only the two shown here
    Usage total = new Usage(9, 99999, 9999, 9999, 99999, new BigDecimal("1234.5"));
    return new Report("daily", "Date", List.of(), List.of(d1, d2), total, Map.of("time_zone", "UTC"));
  }

  @Test
  void aRowPerPeriodWithItsModelsAndATotalRowOfTheReportsTotal() {
    String table = UsageTables.render(report(), false, false, 200);
    List<String> lines = table.lines().toList();
    assertThat(lines.get(1)).contains("Date", "Models", "Input", "Output", "Cache Create", "Cache Read", "Total Tokens", "Cost (USD)");
    assertThat(table).contains("│ 2026-11-03 │ - claude-opus-4-1   │  1,010 │");
    assertThat(table).contains("- claude-sonnet-4-5");
    assertThat(table).contains("44,300").contains("$1.24");
    String totalLine = lines.stream().filter(l -> l.startsWith("│ Total")).findFirst().orElseThrow();
    assertThat(totalLine).contains("99,999", "9,999", "219,996", "$1,234.50");
    assertThat(table).doesNotContain("  └─ ");
    assertThat(lines).as("every line as wide as the table").allSatisfy(l -> assertThat(l).hasSize(lines.get(0).length()));
  }

  @Test
  void breakdownAddsARowPerModelUnderEachPeriod() {
    String table = UsageTables.render(report(), true, false, 200);
    assertThat(table).contains("│   └─ claude-opus-4-1  ").contains("│   └─ gpt-5");
    String opus = table.lines().filter(l -> l.contains("└─ claude-opus-4-1")).findFirst().orElseThrow();
    assertThat(opus).contains("1,000", "200", "3,000", "40,000", "44,200", "$1.23");
  }

  @Test
  void aNarrowTerminalGetsTheCompactTable() {
    int full = UsageTables.table(report(), false, false).width();
    String narrow = UsageTables.render(report(), false, false, full - 1);
    assertThat(narrow).doesNotContain("Cache Create").contains("Input", "Output", "Cost (USD)", "compact view");
    assertThat(UsageTables.render(report(), false, false, full)).contains("Cache Create");
    assertThat(UsageTables.render(report(), false, true, 500)).doesNotContain("Cache Read");
  }

  @Test
  void aLineUnderTheTableNamesTheCostThatIsNotProviderFinalOnlyWhenThereIsAny() {
    assertThat(UsageTables.render(report(), false, false, 200)).doesNotContain("provider-final");
    Report r = report();
    Report estimated = new Report(r.name(), r.labelHeader(), r.extraHeaders(), r.rows(),
        new Usage(9, 1, 1, 1, 1, new BigDecimal("1234.5"), new BigDecimal("123.456")), r.meta());
    String table = UsageTables.render(estimated, false, false, 200);
    assertThat(table.lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("Not provider-final: $123.46 of $1,234.50 (10.0%) — estimated or lower-bound counts, not the provider's final usage");
    assertThat(UsageTables.render(estimated, false, false, 20)).contains("compact view").contains("(10.0%)");
    String json = ReportJson.of(estimated, false);
    assertThat(json).contains("\"not_final_cost_usd\" : \"123.456\"", "\"not_final_share\" : \"0.100005\"");
  }

  @Test
  void aUsageWithoutCostHasNoShareAndAnOlderApiReadsAsAllFinal() throws Exception {
    assertThat(Usage.ZERO.notFinalShare()).isNull();
    assertThat(ReportJson.of(new Report("daily", "Date", List.of(), List.of(), Usage.ZERO, Map.of()), false))
        .contains("\"not_final_share\" : null");
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(Usage.of(mapper.readTree("{\"requests\":1,\"cost_usd\":\"2\"}")).notFinalCost()).isZero();
    Usage u = Usage.of(mapper.readTree("{\"requests\":1,\"cost_usd\":\"2\",\"not_final_cost_usd\":\"0.5\"}"));
    assertThat(u.plus(u).notFinalCost()).isEqualByComparingTo("1");
    assertThat(u.notFinalShare()).isEqualByComparingTo("0.25");
  }

  @Test
  void theJsonKeepsExactCostsAndTheTotals() {
    String json = ReportJson.of(report(), true);
    assertThat(json).contains("\"report\" : \"daily\"", "\"date\" : \"2026-11-03\"", "\"cost_usd\" : \"1.239567891\"",
        "\"breakdown\"", "\"totals\"", "\"cost_usd\" : \"1234.5\"", "\"total_tokens\" : 219996");
  }
}
