package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.query.Dimension;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EfficiencySqlTest {

  private final EfficiencyTable table = EfficiencyTable.in("db");
  private final EfficiencyQuery query = new EfficiencyQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), ZoneId.of("America/New_York"),
      Map.of(Dimension.USER, Set.of("o'brien")));

  @Test
  void theDaysAreInstantsOfTheZoneAndValuesAreEscaped() {
    assertThat(EfficiencySql.shares(query, table, Dimension.WORKFLOW_STEP, 7)).isEqualTo(
        "SELECT workflow_step AS key, count() AS calls, sum(cost_total) AS cost_usd FROM db.usage_events FINAL"
            + " WHERE event_time >= toDateTime('2026-11-01 04:00:00', 'UTC') AND event_time < toDateTime('2026-11-02 05:00:00', 'UTC')"
            + " AND user_id IN ('o\\'brien') GROUP BY key ORDER BY toFloat64(cost_usd) DESC, key LIMIT 7 FORMAT TabSeparatedWithNames");
  }

  @Test
  void theSessionsReachBackToTheBaseline() {
    assertThat(EfficiencySql.sessions(query, table, query.baselineStart(30))).isEqualTo(
        "SELECT user_id AS user, session_id AS session, min(event_time) AS first_request, sum(cost_total) AS cost_usd FROM db.usage_events FINAL"
            + " WHERE session_id != '' AND event_time >= toDateTime('2026-10-02 04:00:00', 'UTC')"
            + " AND event_time < toDateTime('2026-11-02 05:00:00', 'UTC') AND user_id IN ('o\\'brien')"
            + " GROUP BY user, session ORDER BY user, session FORMAT TabSeparatedWithNames");
  }

  @Test
  void sharesOfAMultiValuedDimensionAreRefused() {
    assertThatThrownBy(() -> EfficiencySql.shares(query, table, Dimension.TOOL, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
