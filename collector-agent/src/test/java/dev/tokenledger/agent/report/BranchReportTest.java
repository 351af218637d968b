package dev.tokenledger.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge-time branch report: the API's total, tables by model and user, Markdown that cannot be broken by names. */
class BranchReportTest {

  private static UsageRow row(String key, String value, long sessions, String cost) {
    return new UsageRow(null, Map.of(key, value), new Usage(3, 100, 10, 5, 50, new BigDecimal(cost)), null, null, sessions);
  }

  private static BranchReport report() {
    UsageRow total = new UsageRow(null, Map.of(), new Usage(9, 300, 30, 15, 150, new BigDecimal("12.345")),
        Instant.parse("2026-11-02T09:13:00Z"), Instant.parse("2026-11-05T17:40:59Z"), 4L);
    return new BranchReport("feature/login`x", List.of("github.com/acme/api"), LocalDate.of(2026, 9, 1), LocalDate.of(2026, 11, 30),
        total, List.of(row("model", "sonnet", 3, "2.345"), row("model", "opus", 1, "10")),
        List.of(row("user", "al|ice@acme.example", 4, "12.345")));
  }

  @Test
  void markdownHasTheTotalThePeriodAndATableByModelAndByUser() {
    String md = report().markdown();
    assertThat(md).startsWith("### AI coding cost of branch `feature/login'x`\n");
    assertThat(md).contains("**$12.35** over 4 sessions, 9 requests, 495 tokens in `github.com/acme/api`");
    assertThat(md).contains("Period covered: 2026-11-02 09:13 UTC to 2026-11-05 17:40 UTC");
    assertThat(md).contains("| Model | Sessions | Requests |", "| User | Sessions |");
    assertThat(md.indexOf("| opus |")).as("most expensive first").isLessThan(md.indexOf("| sonnet |"));
    assertThat(md).contains("| al\\|ice@acme.example | 4 |");
    assertThat(md).contains("| **Total** | 4 | 9 | 300 | 30 | 15 | 150 | 495 | $12.35 |");
  }

  @Test
  void textAndJsonCarryTheSameFigures() {
    assertThat(report().text(120)).contains("Branch feature/login`x (github.com/acme/api): $12.35 over 4 sessions")
        .contains("│ Total ");
    assertThat(report().json()).contains("\"report\" : \"branch\"", "\"sessions\" : 4", "\"cost_usd\" : \"12.345\"",
        "\"first_request\" : \"2026-11-02T09:13:00Z\"", "\"by_model\"", "\"by_user\"");
  }

  @Test
  void aBranchWithoutSessionsSaysSo() {
    BranchReport empty = new BranchReport("nothing", List.of(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
        new UsageRow(null, Map.of(), Usage.ZERO, null, null, 0L), List.of(), List.of());
    assertThat(empty.markdown()).contains("**$0.00** over 0 sessions", "no sessions between 2026-11-01 and 2026-11-30");
  }
}
