package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.SpendQuery;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendSqlTest {

  private static final SpendTable TABLE = PricedEventsTable.in("tl");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void monthlySpendPerTeamAndModelWithAFilterRendersToExactSql() {
    SpendQuery q = new SpendQuery(List.of(Dimension.TEAM, Dimension.MODEL), Granularity.MONTH,
        LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 1), BERLIN, Map.of(Dimension.PROJECT, "github.com/acme/api"), 50);
    assertThat(SpendSql.render(q, TABLE)).isEqualTo(
        "SELECT event_month AS period, team AS team, normalized_model AS model, count() AS requests,"
            + " uniqExact(session_id) AS sessions, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,"
            + " sum(cache_write_5m_tokens) AS cache_write_5m_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,"
            + " sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning_tokens, sum(cost_total) AS cost_usd"
            + " FROM tl.usage_events FINAL"
            + " WHERE event_day >= toDate('2026-10-01') AND event_day < toDate('2026-12-01')"
            + " AND event_time >= toDateTime('2026-09-30 00:00:00', 'UTC')"
            + " AND event_time < toDateTime('2026-12-02 00:00:00', 'UTC')"
            + " AND project_id = 'github.com/acme/api'"
            + " GROUP BY period, team, model ORDER BY period, cost_usd DESC, team, model LIMIT 50 FORMAT TabSeparatedWithNames");
  }

  @Test
  void aTotalWithoutDimensionsHasNoGroupBy() {
    SpendQuery q = new SpendQuery(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2),
        ZoneId.of("UTC"), Map.of(), 1);
    assertThat(SpendSql.render(q, TABLE))
        .startsWith("SELECT count() AS requests,")
        .doesNotContain("GROUP BY")
        .endsWith("ORDER BY cost_usd DESC LIMIT 1 FORMAT TabSeparatedWithNames");
  }

  @Test
  void filterValuesAreEscapedSoTheyCannotEndTheLiteral() {
    SpendQuery q = new SpendQuery(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2),
        ZoneId.of("UTC"), Map.of(Dimension.USER, "x' OR 1=1 --\\"), 1);
    assertThat(SpendSql.render(q, TABLE)).contains("AND user_id = 'x\\' OR 1=1 --\\\\' ");
  }

  @Test
  void bucketsAreTheOrgZoneCalendarColumnsTheSinkWrote() {
    assertThat(TABLE.bucketColumn(Granularity.WEEK)).isEqualTo("event_week");
    assertThat(TABLE.bucketColumn(Granularity.DAY)).isEqualTo("event_day");
    assertThat(TABLE.bucketColumn(Granularity.TOTAL)).isNull();
  }

  @Test
  void tableIdentifiersMustBePlain() {
    assertThatThrownBy(() -> PricedEventsTable.in("tl; DROP TABLE x")).hasMessageContaining("not a plain SQL identifier");
  }
}
