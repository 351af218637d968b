package dev.tokenledger.api.report;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders spend rows as an aligned plain-text table for terminals, closed by the total of the whole
 * question (its {@link SpendQuery#total()} answer) — never the sum of the rows shown, which a top-N
 * list or a page would cut short. When part of the total is not provider-final (an accuracy label other
 * than EXACT), a line under it says how much and what share.
 */
public final class SpendTableText {

  private SpendTableText() {}

  /**
   * @param total the question's total over every matching row (null: none is shown), e.g. the one row of
   *     {@code query.total()}; with a multi-valued group-by (tools) the rows overlap and add up to more
   */
  public static String render(SpendQuery query, List<SpendRow> rows, SpendRow total) {
    List<String> header = new ArrayList<>();
    boolean period = query.granularity() != dev.tokenledger.api.query.Granularity.TOTAL;
    if (period) {
      header.add(query.granularity().name().toLowerCase(java.util.Locale.ROOT));
    }
    query.groupBy().forEach(d -> header.add(d.wireName()));
    header.add("requests");
    if (query.withSessions()) {
      header.add("sessions");
    }
    header.addAll(List.of("input", "output", "cache write", "cache read", "cost (USD)"));
    int numeric = query.withSessions() ? 7 : 6;
    List<List<String>> body = new ArrayList<>();
    long shownRequests = 0;
    for (SpendRow r : rows) {
      List<String> line = new ArrayList<>();
      if (period) {
        line.add(String.valueOf(r.hour() != null ? r.hour() : r.period()));
      }
      for (Dimension d : query.groupBy()) {
        String v = r.keys().get(d);
        line.add(v == null || v.isEmpty() ? "(none)" : v);
      }
      line.add(String.format("%,d", r.requests()));
      if (query.withSessions()) {
        line.add(r.sessions() == null ? "-" : String.format("%,d", r.sessions()));
      }
      line.add(String.format("%,d", r.tokens(TokenClass.INPUT)));
      line.add(String.format("%,d", r.tokens(TokenClass.OUTPUT)));
      line.add(String.format("%,d", r.tokens(TokenClass.CACHE_WRITE_5M) + r.tokens(TokenClass.CACHE_WRITE_1H)));
      line.add(String.format("%,d", r.tokens(TokenClass.CACHE_READ)));
      line.add(money(r.costUsd()));
      body.add(line);
      shownRequests += r.requests();
    }
    StringBuilder out = new StringBuilder();
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> line : body) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    appendLine(out, header, width, header.size() - numeric);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.append(rule.toString().stripTrailing()).append('\n');
    for (List<String> line : body) {
      appendLine(out, line, width, header.size() - numeric);
    }
    if (rows.isEmpty()) {
      out.append("(no usage in this range)\n");
    } else if (total != null && (rows.size() > 1 || total.requests() != shownRequests)) {
      out.append(String.format("total (all matching usage): %,d requests, %s USD%n", total.requests(), money(total.costUsd())));
    }
    if (!rows.isEmpty() && total != null && total.notFinalCostUsd().signum() != 0 && total.notFinalShare() != null) {
      out.append(String.format("not provider-final (estimated or lower-bound counts): %s USD, %s%% of the total%n",
          money(total.notFinalCostUsd()), total.notFinalShare().movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString()));
    }
    return out.toString();
  }

  /** Two decimals for display, rounded half-up; the exact value stays in the warehouse and the API. */
  static String money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static void appendLine(StringBuilder out, List<String> cells, int[] width, int firstNumeric) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      line.append(i >= firstNumeric ? pad + c : c + pad).append("  ");
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
