package dev.tokenledger.agent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Report} as ccusage draws its reports: the period (or session), its models, input,
 * output, cache create, cache read, total tokens and cost; {@code breakdown} adds one row per model under
 * each row; a Total row over every matching row closes the table. When the full table is wider than the
 * terminal (or {@code compact} is asked), the compact form drops the cache and total-token columns. A line
 * under the table names the cost that is not provider-final and its share, when there is any.
 */
public final class UsageTables {

  private UsageTables() {}

  public static String render(Report report, boolean breakdown, boolean compact, int terminalWidth) {
    if (!compact) {
      TextTable full = table(report, breakdown, false);
      if (full.width() <= terminalWidth) {
        return full.render() + Formats.notFinalLine(report.total());
      }
    }
    return table(report, breakdown, true).render()
        + "(compact view: the cache and total-token columns are left out; a wider terminal or --json shows them)\n"
        + Formats.notFinalLine(report.total());
  }

  static TextTable table(Report report, boolean breakdown, boolean compact) {
    List<String> headers = new ArrayList<>();
    headers.add(report.labelHeader());
    headers.addAll(report.extraHeaders());
    headers.add("Models");
    headers.addAll(compact ? List.of("Input", "Output", "Cost (USD)")
        : List.of("Input", "Output", "Cache Create", "Cache Read", "Total Tokens", "Cost (USD)"));
    boolean[] right = new boolean[headers.size()];
    int numbersFrom = 2 + report.extraHeaders().size();
    for (int i = numbersFrom; i < right.length; i++) {
      right[i] = true;
    }
    TextTable t = new TextTable(headers, right);
    for (ReportRow r : report.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(r.label().isEmpty() ? "(none)" : r.label()); // usage without a session id
      cells.addAll(r.extra().values());
      cells.add(String.join("\n", r.modelNames().stream().map(m -> "- " + m).toList()));
      cells.addAll(numbers(r.usage(), compact));
      t.row(cells);
      if (breakdown) {
        for (ModelUsage m : r.models()) {
          List<String> b = new ArrayList<>();
          b.add("  └─ " + m.model());
          report.extraHeaders().forEach(h -> b.add(""));
          b.add("");
          b.addAll(numbers(m.usage(), compact));
          t.row(b);
        }
      }
    }
    List<String> total = new ArrayList<>();
    total.add("Total");
    report.extraHeaders().forEach(h -> total.add(""));
    total.add("");
    total.addAll(numbers(report.total(), compact));
    t.ruledRow(total);
    return t;
  }

  static List<String> numbers(Usage u, boolean compact) {
    return compact
        ? List.of(Formats.tokens(u.input()), Formats.tokens(u.output()), Formats.usd(u.cost()))
        : List.of(Formats.tokens(u.input()), Formats.tokens(u.output()), Formats.tokens(u.cacheCreate()),
            Formats.tokens(u.cacheRead()), Formats.tokens(u.totalTokens()), Formats.usd(u.cost()));
  }
}
