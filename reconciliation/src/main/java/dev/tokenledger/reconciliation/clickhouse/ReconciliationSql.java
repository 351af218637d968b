package dev.tokenledger.reconciliation.clickhouse;

import static dev.tokenledger.warehouse.clickhouse.SqlLiteral.date;
import static dev.tokenledger.warehouse.clickhouse.SqlLiteral.quote;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.warehouse.ProviderReportImportsTable;
import dev.tokenledger.warehouse.ProviderReportRowsTable;
import dev.tokenledger.warehouse.UsageEventsTable;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The reconciliation's two reads, rendered with escaped literals (no server-side parameters on 18.16) and
 * kept in the portable subset (ADR 0303): the ledger per UTC day of {@code event_time} (not the
 * organisation's {@code event_day}: the providers bucket by UTC day), and the provider figures of the
 * latest import of each day. Aliases never repeat a column name inside an aggregate.
 */
public final class ReconciliationSql {

  private ReconciliationSql() {}

  public static String ledger(String orgId, Provider provider, GroupBy groupBy, LedgerScope scope, DayRange range) {
    String subject = groupBy == GroupBy.SUBJECT ? "lower(" + UsageEventsTable.USER_EMAIL.name() + ")" : "''";
    StringBuilder w = new StringBuilder()
        .append("WHERE org_id = ").append(quote(orgId))
        .append(" AND provider = ").append(quote(provider.id()))
        .append(" AND event_time >= toDateTime(").append(quote(range.from() + " 00:00:00")).append(", 'UTC')")
        .append(" AND event_time < toDateTime(").append(quote(range.endExclusive() + " 00:00:00")).append(", 'UTC')");
    List<String> sources = groupBy == GroupBy.SUBJECT ? scope.subjectSources() : scope.sources();
    if (!sources.isEmpty()) {
      w.append(" AND source IN (").append(list(sources)).append(')');
    }
    if (!scope.excludedEmails().isEmpty()) {
      w.append(" AND lower(user_email) NOT IN (")
          .append(list(scope.excludedEmails().stream().map(e -> e.toLowerCase(Locale.ROOT)).toList())).append(')');
    }
    return "SELECT toDate(event_time) AS utc_day, model AS ledger_model, " + subject + " AS ledger_subject,"
        + " sum(input_tokens) AS l_input, sum(output_tokens) AS l_output,"
        + " sum(cache_write_5m_tokens + cache_write_1h_tokens) AS l_cache_write, sum(cache_read_tokens) AS l_cache_read,"
        + " sum(cost_total) AS l_cost"
        + " FROM " + UsageEventsTable.NAME + " FINAL " + w
        + " GROUP BY utc_day, ledger_model, ledger_subject ORDER BY utc_day, ledger_model, ledger_subject"
        + " FORMAT TabSeparatedWithNames";
  }

  public static String provider(String orgId, Provider provider, List<ReportKind> reports, DayRange range) {
    String where = "org_id = " + quote(orgId) + " AND provider = " + quote(provider.id())
        + " AND report IN (" + list(reports.stream().map(ReportKind::id).toList()) + ")"
        + " AND day >= " + date(range.from()) + " AND day <= " + date(range.to());
    return "SELECT report AS p_report, day AS p_day, model AS p_model, subject AS p_subject,"
        + " sum(input_tokens) AS p_input, sum(output_tokens) AS p_output, sum(cache_write_tokens) AS p_cache_write,"
        + " sum(cache_read_tokens) AS p_cache_read, sum(cost_usd) AS p_cost"
        + " FROM " + ProviderReportRowsTable.NAME + " FINAL WHERE " + where
        + " AND (report, day, import_version) IN (SELECT report, day, import_version FROM "
        + ProviderReportImportsTable.NAME + " FINAL WHERE " + where + ")"
        + " GROUP BY p_report, p_day, p_model, p_subject ORDER BY p_report, p_day, p_model, p_subject"
        + " FORMAT TabSeparatedWithNames";
  }

  /** The latest import version of each day (over the given reports) that has an import. */
  public static String importVersions(String orgId, Provider provider, List<ReportKind> reports, DayRange range) {
    return "SELECT day AS i_day, max(import_version) AS i_version FROM " + ProviderReportImportsTable.NAME + " FINAL"
        + " WHERE org_id = " + quote(orgId) + " AND provider = " + quote(provider.id())
        + " AND report IN (" + list(reports.stream().map(ReportKind::id).toList()) + ")"
        + " AND day >= " + date(range.from()) + " AND day <= " + date(range.to())
        + " GROUP BY i_day ORDER BY i_day FORMAT TabSeparatedWithNames";
  }

  private static String list(List<String> values) {
    return values.stream().map(v -> quote(v)).collect(Collectors.joining(", "));
  }
}
