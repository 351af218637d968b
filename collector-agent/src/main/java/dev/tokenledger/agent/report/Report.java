package dev.tokenledger.agent.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A usage report: its name ({@code daily}, {@code weekly}, {@code monthly}, {@code session}), the
 * header of its label column and of its extra columns, its rows, and the total over every row that
 * matched (never only the rows shown), with what it covers ({@code meta}: time zone, since, until…).
 */
public record Report(String name, String labelHeader, List<String> extraHeaders, List<ReportRow> rows, Usage total,
    Map<String, String> meta) {

  public Report {
    extraHeaders = List.copyOf(extraHeaders);
    rows = List.copyOf(rows);
    meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }
}
