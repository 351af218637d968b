package dev.tokenledger.agent.local;

import dev.tokenledger.agent.report.Formats;
import dev.tokenledger.agent.report.ModelUsage;
import dev.tokenledger.agent.report.Report;
import dev.tokenledger.agent.report.ReportRow;
import dev.tokenledger.agent.report.Usage;
import dev.tokenledger.agent.report.UsageTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table of a local report, drawn like the API reports ({@link UsageTables}: ccusage's columns, a row per
 * model with {@code breakdown}, a Total row). A model without a price is marked {@code (unpriced)} and listed
 * under the table with its tokens and the reason: the costs shown leave it out, they never take it as 0.
 */
public final class LocalReportTable {

  private LocalReportTable() {}

  public static String render(LocalReport report, boolean breakdown, boolean compact, int width, boolean descending) {
    List<ReportRow> rows = new ArrayList<>();
    Usage total = Usage.ZERO;
    Map<String, long[]> unpriced = new TreeMap<>();
    Map<String, String> reasons = new TreeMap<>();
    for (UsageTally.Row r : report.rows()) {
      List<ModelUsage> models = new ArrayList<>();
      Usage rowUsage = Usage.ZERO;
      for (UsageTally.ModelTotals m : r.models()) {
        Usage u = new Usage(m.requests(), m.input(), m.output(), m.cacheCreate(), m.cacheRead(), m.cost());
        models.add(new ModelUsage(m.priced() ? m.model() : m.model() + " (unpriced)", u));
        rowUsage = rowUsage.plus(u);
        if (!m.priced()) {
          long[] n = unpriced.computeIfAbsent(m.model(), k -> new long[2]);
          n[0] += m.unpricedRequests();
          n[1] += m.totalTokens();
          reasons.putIfAbsent(m.model(), m.unpricedReason());
        }
      }
      Map<String, String> extra = new LinkedHashMap<>();
      if (report.period() == LocalPeriod.SESSION) {
        extra.put("Last Activity", LocalDate.ofInstant(r.lastActivity(), report.zone()).toString());
        extra.put("Project", r.project() == null ? "" : r.project());
      }
      rows.add(new ReportRow(r.label(), extra, models, rowUsage));
      total = total.plus(rowUsage);
    }
    if (descending) {
      java.util.Collections.reverse(rows);
    }
    String label = switch (report.period()) {
      case DAY -> "Date";
      case MONTH -> "Month";
      case SESSION -> "Session";
    };
    List<String> extraHeaders = report.period() == LocalPeriod.SESSION ? List.of("Last Activity", "Project") : List.of();
    Report table = new Report(report.period().name().toLowerCase(java.util.Locale.ROOT), label, extraHeaders, rows, total,
        Map.of());
    StringBuilder out = new StringBuilder(UsageTables.render(table, breakdown, compact, width));
    out.append("Priced offline with the ").append(report.priceList()).append(" (time zone ").append(report.zone().getId())
        .append(").\n");
    if (!unpriced.isEmpty()) {
      out.append("Unpriced (tokens counted, cost unknown and not in the totals):\n");
      unpriced.forEach((model, n) -> out.append("  ").append(model).append(": ").append(Formats.tokens(n[0]))
          .append(" requests, ").append(Formats.tokens(n[1])).append(" tokens — ").append(reasons.get(model)).append('\n'));
    }
    return out.toString();
  }
}
