package dev.tokenledger.reconciliation.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReportKind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationSqlTest {

  private static final DayRange NOV = new DayRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

  @Test
  void theLedgerIsReadPerUtcDayOfEventTimeWithinTheScope() {
    assertThat(ReconciliationSql.ledger("acme", Provider.ANTHROPIC, GroupBy.MODEL,
        new LedgerScope(List.of("CLAUDE_CODE", "API"), List.of("Max@acme.example"), List.of()), NOV)).isEqualTo(
        "SELECT toDate(event_time) AS utc_day, model AS ledger_model, '' AS ledger_subject, sum(input_tokens) AS l_input,"
            + " sum(output_tokens) AS l_output, sum(cache_write_5m_tokens + cache_write_1h_tokens) AS l_cache_write,"
            + " sum(cache_read_tokens) AS l_cache_read, sum(cost_total) AS l_cost FROM usage_events FINAL"
            + " WHERE org_id = 'acme' AND provider = 'anthropic' AND event_time >= toDateTime('2026-11-01 00:00:00', 'UTC')"
            + " AND event_time < toDateTime('2026-12-01 00:00:00', 'UTC') AND source IN ('CLAUDE_CODE', 'API')"
            + " AND lower(user_email) NOT IN ('max@acme.example')"
            + " GROUP BY utc_day, ledger_model, ledger_subject ORDER BY utc_day, ledger_model, ledger_subject"
            + " FORMAT TabSeparatedWithNames");
  }

  @Test
  void bySubjectTheLedgerIsGroupedByEmailOfTheSubjectSources() {
    String sql = ReconciliationSql.ledger("o'brien", Provider.ANTHROPIC, GroupBy.SUBJECT, LedgerScope.ALL, NOV);
    assertThat(sql).contains("lower(user_email) AS ledger_subject").contains("org_id = 'o\\'brien'")
        .contains("AND source IN ('CLAUDE_CODE') GROUP BY");
  }

  @Test
  void providerFiguresAreThoseOfTheLatestImportOfEachDay() {
    assertThat(ReconciliationSql.provider("acme", Provider.OPENAI, List.of(ReportKind.USAGE, ReportKind.COST), NOV)).isEqualTo(
        "SELECT report AS p_report, day AS p_day, model AS p_model, subject AS p_subject, sum(input_tokens) AS p_input,"
            + " sum(output_tokens) AS p_output, sum(cache_write_tokens) AS p_cache_write, sum(cache_read_tokens) AS p_cache_read,"
            + " sum(cost_usd) AS p_cost FROM provider_report_rows FINAL WHERE org_id = 'acme' AND provider = 'openai'"
            + " AND report IN ('usage', 'cost') AND day >= toDate('2026-11-01') AND day <= toDate('2026-11-30')"
            + " AND (report, day, import_version) IN (SELECT report, day, import_version FROM provider_report_imports FINAL"
            + " WHERE org_id = 'acme' AND provider = 'openai' AND report IN ('usage', 'cost') AND day >= toDate('2026-11-01')"
            + " AND day <= toDate('2026-11-30'))"
            + " GROUP BY p_report, p_day, p_model, p_subject ORDER BY p_report, p_day, p_model, p_subject"
            + " FORMAT TabSeparatedWithNames");
  }
}
