package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.warehouse.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * V008 on the real server (ADR 0145): a revision row replaces its event under FINAL, and the daily
 * rollups move by the difference — also for a count that went down (two's complement in the UInt64
 * columns) — before and after the background merge.
 */
class RevisionRollupsIT {

  private static final String COLUMNS = "event_id, org_id, team, user_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, input_tokens, output_tokens, cache_read_tokens, cost_total, cache_savings, version";

  @Test
  void aRevisionReplacesItsEventAndMovesTheDailyRollupsByTheDifference() {
    try (TestDatabase db = TestDatabase.migrated("rev")) {
      db.client().execute("INSERT INTO usage_events (" + COLUMNS + ") VALUES " + row("e-1", 100_000, 8, 5_000, "0.315", "0.010", 1, "")
          + ", " + row("e-2", 10, 10, 0, "0.001", "0", 1, ""));
      db.client().execute("INSERT INTO usage_events (" + COLUMNS + ", counts_origin, revision, replaced_input_tokens,"
          + " replaced_output_tokens, replaced_cache_read_tokens, replaced_cost_total, replaced_cache_savings) VALUES "
          + row("e-1", 100_000, 412, 4_000, "0.45", "0.008", 2, ", 'TELEMETRY', 1, 100000, 8, 5000, toDecimal64('0.315', 9),"
          + " toDecimal64('0.010', 9)"));

      assertThat(db.value("SELECT count() FROM usage_events FINAL")).isEqualTo("2");
      assertThat(db.value("SELECT concat(toString(output_tokens), '/', counts_origin) FROM usage_events FINAL WHERE event_id = 'e-1'"))
          .isEqualTo("412/TELEMETRY");
      String daily = "SELECT concat(toString(sum(requests)), ' ', toString(sum(input_tokens)), ' ', toString(sum(output_tokens)), ' ',"
          + " toString(sum(cache_read_tokens)), ' ', toString(sum(cost_usd)), ' ', toString(sum(cache_savings_usd)))"
          + " FROM usage_daily WHERE dimension = '%s'";
      String expected = "2 100010 422 4000 0.451000000 0.008000000";   // e-1 as revised + e-2; cache reads went down
      for (String dimension : new String[] {"org", "team", "user"}) {
        assertThat(db.value(daily.formatted(dimension))).as(dimension).isEqualTo(expected);
      }
      // the rebuild from the events (FINAL) agrees, and so does the table once merged
      db.client().execute("OPTIMIZE TABLE usage_daily FINAL");
      assertThat(db.value(daily.formatted("org"))).isEqualTo(expected);
      assertThat(db.value("SELECT toString(cache_read_tokens) FROM usage_daily WHERE dimension = 'org'")).isEqualTo("4000");
    }
  }

  private static String row(String id, long input, long output, long cacheRead, String cost, String savings, long version,
      String more) {
    return "('" + id + "', 'acme', 'platform', 'ada', toDateTime('2026-11-20 10:00:00', 'UTC'), 1795168800000, toDate('2026-11-20'),"
        + " toDate('2026-11-16'), toDate('2026-11-01'), " + input + ", " + output + ", " + cacheRead + ", toDecimal64('" + cost
        + "', 9), toDecimal64('" + savings + "', 9), " + version + more + ")";
  }
}
