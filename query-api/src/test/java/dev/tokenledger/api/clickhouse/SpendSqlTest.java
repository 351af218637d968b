package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpendSqlTest {

  private static final SpendTable EVENTS = PricedEventsTable.in("tl");
  private static final RollupTable ROLLUPS = DailyRollupTable.in("tl");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate NOV = LocalDate.of(2026, 11, 1);
  private static final LocalDate DEC = LocalDate.of(2026, 12, 1);

  private static final String ROLLUP_SUMS = "sum(requests) AS requests, sum(input_tokens) AS input_tokens,"
      + " sum(output_tokens) AS output_tokens, sum(cache_write_5m_tokens) AS cache_write_5m_tokens,"
      + " sum(cache_write_1h_tokens) AS cache_write_1h_tokens, sum(cache_read_tokens) AS cache_read_tokens,"
      + " sum(reasoning_tokens) AS reasoning_tokens, sum(cost_usd) AS cost_usd, sum(cache_savings_usd) AS cache_savings_usd,"
      + " sum(not_final_cost_usd) AS not_final_cost_usd";
  private static final String EVENT_SUMS = "sum(input_tokens) AS input_tokens,"
      + " sum(output_tokens) AS output_tokens, sum(cache_write_5m_tokens) AS cache_write_5m_tokens,"
      + " sum(cache_write_1h_tokens) AS cache_write_1h_tokens, sum(cache_read_tokens) AS cache_read_tokens,"
      + " sum(reasoning_tokens) AS reasoning_tokens, sum(cost_total) AS cost_usd, sum(cache_savings) AS cache_savings_usd,"
      + " sumIf(cost_total, accuracy != 'EXACT') AS not_final_cost_usd";
  private static final String NOVEMBER_EVENTS = " WHERE event_day >= toDate('2026-11-01') AND event_day < toDate('2026-12-01')"
      + " AND event_time >= toDateTime('2026-10-31 00:00:00', 'UTC') AND event_time < toDateTime('2026-12-02 00:00:00', 'UTC')";

  private static SpendQuery query(List<Dimension> groupBy, Granularity g, Map<Dimension, Set<String>> filters, SortOrder order,
      boolean sessions) {
    return new SpendQuery(groupBy, g, NOV, DEC, BERLIN, filters, order, new PageRequest(100, 50), sessions);
  }

  @Test
  void aSingleRollupDimensionIsAnsweredFromTheDailyRollups() {
    SpendQuery q = query(List.of(Dimension.TEAM), Granularity.MONTH,
        Map.of(Dimension.ORG, Set.of("acme"), Dimension.TEAM, Set.of("platform", "data")), SortOrder.COST, false);
    assertThat(SpendSql.rollupDimension(q)).contains(Dimension.TEAM);
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT toStartOfMonth(day) AS period, value AS team, " + ROLLUP_SUMS
            + " FROM tl.usage_daily WHERE org_id IN ('acme') AND dimension = 'team' AND value IN ('data', 'platform')"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01')"
            + " GROUP BY period, team ORDER BY period, toFloat64(cost_usd) DESC, team LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void mainVersusSubAgentIsTheSideChainFlagAsAValueToGroupAndFilterBy() {
    SpendQuery q = query(List.of(Dimension.CHAIN), Granularity.TOTAL,
        Map.of(Dimension.ORG, Set.of("acme"), Dimension.CHAIN, Set.of("subagent")), SortOrder.COST, false);
    assertThat(SpendSql.rollupDimension(q)).isEmpty();
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT if(is_sidechain = 1, 'subagent', 'main') AS chain, count() AS requests, " + EVENT_SUMS
            + " FROM tl.usage_events FINAL" + NOVEMBER_EVENTS
            + " AND org_id IN ('acme') AND if(is_sidechain = 1, 'subagent', 'main') IN ('subagent')"
            + " GROUP BY chain ORDER BY toFloat64(cost_usd) DESC, chain LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void keysOrderSortsByTheKeysOnlyAndWeeksAreMondaysOfTheOrgDays() {
    SpendQuery q = query(List.of(Dimension.ORG, Dimension.USER), Granularity.WEEK, Map.of(), SortOrder.KEYS, false);
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT toMonday(day) AS period, org_id AS org, value AS user, " + ROLLUP_SUMS
            + " FROM tl.usage_daily WHERE dimension = 'user'"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01')"
            + " GROUP BY period, org, user ORDER BY period, org, user LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void thePerLabelBreakdownIsARollupQuestionAndCombinedWithAnotherDimensionAnEventsOne() {
    SpendQuery labels = query(List.of(Dimension.ACCURACY), Granularity.TOTAL, Map.of(Dimension.ORG, Set.of("acme")), SortOrder.COST, false);
    assertThat(SpendSql.rollupDimension(labels)).contains(Dimension.ACCURACY);
    assertThat(SpendSql.render(labels, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT value AS accuracy, " + ROLLUP_SUMS + " FROM tl.usage_daily WHERE org_id IN ('acme') AND dimension = 'accuracy'"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01')"
            + " GROUP BY accuracy ORDER BY toFloat64(cost_usd) DESC, accuracy LIMIT 100, 51 FORMAT TabSeparatedWithNames");
    SpendQuery developer = query(List.of(Dimension.ACCURACY), Granularity.TOTAL,
        Map.of(Dimension.ORG, Set.of("acme"), Dimension.USER, Set.of("alice")), SortOrder.COST, false);
    assertThat(SpendSql.rollupDimension(developer)).isEmpty();
    assertThat(SpendSql.render(developer, EVENTS, ROLLUPS)).isEqualTo("SELECT accuracy AS accuracy, count() AS requests, " + EVENT_SUMS
        + " FROM tl.usage_events FINAL" + NOVEMBER_EVENTS + " AND org_id IN ('acme') AND user_id IN ('alice')"
        + " GROUP BY accuracy ORDER BY toFloat64(cost_usd) DESC, accuracy LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void aTotalWithoutDimensionsReadsTheOrgRowsWithoutGroupingOrOrder() {
    SpendQuery q = query(List.of(), Granularity.TOTAL, Map.of(), SortOrder.COST, false);
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT " + ROLLUP_SUMS + " FROM tl.usage_daily WHERE dimension = 'org'"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01')"
            + " LIMIT 100, 51 FORMAT TabSeparatedWithNames");
    SpendQuery days = query(List.of(), Granularity.DAY, Map.of(Dimension.ORG, Set.of("acme")), SortOrder.COST, false);
    assertThat(SpendSql.render(days, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT day AS period, " + ROLLUP_SUMS + " FROM tl.usage_daily WHERE org_id IN ('acme') AND dimension = 'org'"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01')"
            + " GROUP BY period ORDER BY period LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void combinationsSessionsAndEventOnlyDimensionsAreAnsweredFromTheEvents() {
    SpendQuery q = query(List.of(Dimension.TEAM, Dimension.MODEL), Granularity.DAY,
        Map.of(Dimension.PROJECT, Set.of("github.com/acme/api")), SortOrder.COST, false);
    assertThat(SpendSql.rollupDimension(q)).isEmpty();
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT event_day AS period, team AS team, normalized_model AS model, count() AS requests, " + EVENT_SUMS
            + " FROM tl.usage_events FINAL" + NOVEMBER_EVENTS + " AND project_id IN ('github.com/acme/api')"
            + " GROUP BY period, team, model ORDER BY period, toFloat64(cost_usd) DESC, team, model"
            + " LIMIT 100, 51 FORMAT TabSeparatedWithNames");
    SpendQuery keys = query(List.of(Dimension.TEAM), Granularity.TOTAL, Map.of(), SortOrder.KEYS, true);
    assertThat(SpendSql.render(keys, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT team AS team, count() AS requests, uniqExact(session_id) AS sessions, " + EVENT_SUMS
            + " FROM tl.usage_events FINAL" + NOVEMBER_EVENTS
            + " GROUP BY team ORDER BY team LIMIT 100, 51 FORMAT TabSeparatedWithNames");
  }

  @Test
  void hourlyBucketsAndRequestTimesAreAnsweredFromTheEventsInUtcHours() {
    SpendQuery q = new SpendQuery(List.of(Dimension.MODEL), Granularity.HOUR, NOV, DEC, BERLIN, Map.of(), SortOrder.KEYS,
        new PageRequest(0, 10), false, true);
    assertThat(SpendSql.rollupDimension(q)).isEmpty();
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT toStartOfHour(event_time) AS period, normalized_model AS model, count() AS requests,"
            + " min(event_time) AS first_request, max(event_time) AS last_request, " + EVENT_SUMS
            + " FROM tl.usage_events FINAL" + NOVEMBER_EVENTS
            + " GROUP BY period, model ORDER BY period, model LIMIT 0, 11 FORMAT TabSeparatedWithNames");
    SpendQuery hourOnly = new SpendQuery(List.of(Dimension.USER), Granularity.HOUR, NOV, DEC, BERLIN, Map.of(), SortOrder.COST,
        new PageRequest(0, 10), false, false);
    assertThat(SpendSql.rollupDimension(hourOnly)).as("the rollups hold days, not hours").isEmpty();
    SpendQuery timesOnly = new SpendQuery(List.of(Dimension.USER), Granularity.DAY, NOV, DEC, BERLIN, Map.of(), SortOrder.COST,
        new PageRequest(0, 10), false, true);
    assertThat(SpendSql.rollupDimension(timesOnly)).as("the rollups hold no request times").isEmpty();
  }

  @Test
  void theRollupsAnswerOnlyWhatTheyHold() {
    assertThat(SpendSql.rollupDimension(query(List.of(Dimension.BRANCH), Granularity.TOTAL, Map.of(), SortOrder.COST, false))).isEmpty();
    assertThat(SpendSql.rollupDimension(query(List.of(Dimension.TEAM), Granularity.TOTAL, Map.of(), SortOrder.COST, true))).isEmpty();
    assertThat(SpendSql.rollupDimension(query(List.of(Dimension.TEAM), Granularity.TOTAL,
        Map.of(Dimension.USER, Set.of("alice")), SortOrder.COST, false))).isEmpty();
    assertThat(SpendSql.rollupDimension(query(List.of(), Granularity.TOTAL,
        Map.of(Dimension.MODEL, Set.of("m")), SortOrder.COST, false))).contains(Dimension.MODEL);
    assertThat(SpendSql.rollupDimension(query(List.of(Dimension.ORG), Granularity.TOTAL, Map.of(), SortOrder.COST, false)))
        .contains(Dimension.ORG);
    assertThat(SpendSql.rollupDimension(query(List.of(), Granularity.TOTAL,
        Map.of(Dimension.TOOL, Set.of("Bash")), SortOrder.COST, false))).isEmpty();
  }

  @Test
  void aMultiValuedDimensionIsUnnestedAndAnotherIsFilteredWithHasAny() {
    SpendQuery q = query(List.of(Dimension.TOOL), Granularity.WEEK,
        Map.of(Dimension.TOOL, Set.of("Read", "Bash"), Dimension.MCP_SERVER, Set.of("github", "")), SortOrder.COST, false);
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).isEqualTo(
        "SELECT event_week AS period, tool, count() AS requests, " + EVENT_SUMS
            + " FROM tl.usage_events FINAL LEFT ARRAY JOIN arrayDistinct(arrayFilter(x -> x != '', tool_names)) AS tool"
            + NOVEMBER_EVENTS + " AND tool IN ('Bash', 'Read')"
            + " AND (hasAny(arrayDistinct(arrayFilter(x -> x != '', tool_mcp_servers)), ['github'])"
            + " OR empty(arrayDistinct(arrayFilter(x -> x != '', tool_mcp_servers))))"
            + " GROUP BY period, tool ORDER BY period, toFloat64(cost_usd) DESC, tool LIMIT 100, 51 FORMAT TabSeparatedWithNames");
    assertThatThrownBy(() -> SpendSql.render(query(List.of(Dimension.TOOL, Dimension.MCP_SERVER), Granularity.TOTAL, Map.of(),
        SortOrder.COST, false), EVENTS, ROLLUPS)).hasMessageContaining("group_by: at most one of tool, mcp_server");
  }

  @Test
  void filterValuesAreEscapedSoTheyCannotEndTheLiteral() {
    SpendQuery q = query(List.of(Dimension.BRANCH), Granularity.TOTAL, Map.of(Dimension.BRANCH, Set.of("x' OR 1=1 --\\")),
        SortOrder.COST, false);
    assertThat(SpendSql.render(q, EVENTS, ROLLUPS)).contains("AND branch IN ('x\\' OR 1=1 --\\\\') ");
    SpendQuery r = query(List.of(), Granularity.TOTAL, Map.of(Dimension.USER, Set.of("it's")), SortOrder.COST, false);
    assertThat(SpendSql.render(r, EVENTS, ROLLUPS)).contains("AND value IN ('it\\'s') ");
  }

  @Test
  void sessionDetailReadsTheSessionsEventsWithinTheScope() {
    SessionQuery q = new SessionQuery("s-1", Map.of(Dimension.ORG, Set.of("acme"), Dimension.USER, Set.of("alice")),
        new PageRequest(0, 20));
    String first = "(event_time, event_id)";
    assertThat(SpendSql.sessionSummary(q, EVENTS)).isEqualTo(
        "SELECT session_id AS session, argMin(org_id, " + first + ") AS first_org, argMin(user_id, " + first + ") AS first_user,"
            + " argMin(team, " + first + ") AS first_team, argMin(project_id, " + first + ") AS first_project,"
            + " argMin(branch, " + first + ") AS first_branch, argMin(source, " + first + ") AS first_source,"
            + " argMin(parent_session_id, " + first + ") AS first_parent_session,"
            + " min(event_time) AS first_request, max(event_time) AS last_request, count() AS requests,"
            + " sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,"
            + " sum(cache_write_5m_tokens) AS cache_write_5m_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,"
            + " sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning_tokens, sum(cost_total) AS cost_usd"
            + " FROM tl.usage_events FINAL WHERE session_id = 's-1' AND org_id IN ('acme') AND user_id IN ('alice')"
            + " GROUP BY session FORMAT TabSeparatedWithNames");
    assertThat(SpendSql.sessionRequests(q, EVENTS)).isEqualTo(
        "SELECT event_id, event_time, normalized_model, agent_name, agent_role, is_sidechain, tool_names, input_tokens,"
            + " output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens, cost_total, accuracy"
            + " FROM tl.usage_events FINAL WHERE session_id = 's-1' AND org_id IN ('acme') AND user_id IN ('alice')"
            + " ORDER BY event_time, event_id LIMIT 0, 21 FORMAT TabSeparatedWithNames");
  }

  @Test
  void cancellingKillsByQueryIdWithoutWaiting() {
    assertThat(SpendSql.kill(new QueryId("tl-1"))).isEqualTo("KILL QUERY WHERE query_id = 'tl-1' ASYNC");
  }

  @Test
  void limitsAreSentAsClickHouseSettings() {
    assertThat(QueryLimits.DEFAULTS.settings()).containsExactly(
        Map.entry("max_execution_time", "30"), Map.entry("max_rows_to_read", "1000000000"),
        Map.entry("max_memory_usage", Long.toString(4L << 30)));
    assertThatThrownBy(() -> new QueryLimits(java.time.Duration.ofMillis(10), 1, 1)).hasMessageContaining("at least 1 s");
  }

  @Test
  void toolArraysAreReadFromClickHouseText() {
    assertThat(ClickHouseSpendRepository.stringArray("[]")).isEmpty();
    assertThat(ClickHouseSpendRepository.stringArray("['Bash','it\\'s','a,b']")).containsExactly("Bash", "it's", "a,b");
    assertThat(Optional.of(ClickHouseSpendRepository.stringArray("['\\\\']"))).contains(List.of("\\"));
  }

  @Test
  void bucketsAreTheOrgZoneCalendarColumnsTheSinkWrote() {
    assertThat(EVENTS.bucketColumn(Granularity.WEEK)).isEqualTo("event_week");
    assertThat(EVENTS.bucketColumn(Granularity.DAY)).isEqualTo("event_day");
    assertThat(EVENTS.bucketColumn(Granularity.TOTAL)).isNull();
  }

  @Test
  void tableIdentifiersMustBePlain() {
    assertThatThrownBy(() -> PricedEventsTable.in("tl; DROP TABLE x")).hasMessageContaining("not a plain SQL identifier");
    assertThatThrownBy(() -> DailyRollupTable.in("tl; DROP TABLE x")).hasMessageContaining("not a plain SQL identifier");
  }
}
