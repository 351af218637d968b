package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.warehouse.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * V008 on the real server (ADR 0145): a revision row replaces its event under FINAL, and the daily
 * rollups move by the difference — also for a count that went down (two's complement in the UInt64
 * columns) — before and after the background merge; with V010, the not-provider-final columns and the
 * 'accuracy' dimension move too, the replaced version leaving under its own label.
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

  @Test
  void aLowerBoundCopyRevisedByAnExactOneLeavesNothingNotFinal() {
    try (TestDatabase db = TestDatabase.migrated("revacc")) {
      db.client().execute("INSERT INTO usage_events (" + COLUMNS + ", accuracy, counts_origin) VALUES "
          + row("e-1", 100_000, 8, 5_000, "0.315", "0.010", 1, ", 'LOWER_BOUND', 'LOG_FILE'")
          + ", " + row("e-2", 10, 10, 0, "0.001", "0", 1, ", 'EXACT', 'TELEMETRY'"));
      assertThat(db.value(notFinal("org"))).isEqualTo("1 0.315000000");   // before: the log copy is not final
      insertRevision(db, "EXACT", "LOWER_BOUND");

      for (String dimension : new String[] {"org", "team", "user", "project", "model", "provider", "source"}) {
        assertThat(db.value(notFinal(dimension))).as(dimension).isEqualTo("0 0.000000000");
        assertThat(db.value(totals(dimension))).as(dimension).isEqualTo("2 100010 0.451000000");
      }
      assertThat(db.value(perLabel())).isEqualTo("EXACT 2 0.451000000 0 0.000000000");   // LOWER_BOUND nets to nothing
      assertThat(db.value(perLabel())).isEqualTo(db.value(perLabelFromEvents()));
      db.client().execute("OPTIMIZE TABLE usage_daily FINAL");
      assertThat(db.value(perLabel())).isEqualTo(db.value(perLabelFromEvents()));
      assertThat(db.value(notFinal("org"))).isEqualTo("0 0.000000000");
    }
  }

  @Test
  void anExactCopyRevisedLeavesTheNotFinalShareAsItWas() {
    try (TestDatabase db = TestDatabase.migrated("revexact")) {
      db.client().execute("INSERT INTO usage_events (" + COLUMNS + ", accuracy, counts_origin) VALUES "
          + row("e-1", 100_000, 8, 5_000, "0.315", "0.010", 1, ", 'EXACT', 'LOG_FILE'")
          + ", " + row("e-2", 10, 10, 0, "0.001", "0", 1, ", 'ESTIMATED', 'LOG_FILE'"));
      insertRevision(db, "EXACT", "EXACT");

      assertThat(db.value(notFinal("org"))).isEqualTo("1 0.001000000");   // e-2 only, before and after
      assertThat(db.value(notFinal("team"))).isEqualTo("1 0.001000000");
      assertThat(db.value(totals("org"))).isEqualTo("2 100010 0.451000000");
      assertThat(db.value(perLabel())).isEqualTo("ESTIMATED 1 0.001000000 1 0.001000000, EXACT 1 0.450000000 0 0.000000000");
      assertThat(db.value(perLabel())).isEqualTo(db.value(perLabelFromEvents()));
    }
  }

  /** e-1's telemetry revision: accuracy {@code label}, replacing a version labelled {@code replacedLabel}. */
  private static void insertRevision(TestDatabase db, String label, String replacedLabel) {
    db.client().execute("INSERT INTO usage_events (" + COLUMNS + ", accuracy, counts_origin, revision, replaced_input_tokens,"
        + " replaced_output_tokens, replaced_cache_read_tokens, replaced_cost_total, replaced_cache_savings, replaced_accuracy) VALUES "
        + row("e-1", 100_000, 412, 4_000, "0.45", "0.008", 2, ", '" + label + "', 'TELEMETRY', 1, 100000, 8, 5000,"
        + " toDecimal64('0.315', 9), toDecimal64('0.010', 9), '" + replacedLabel + "'"));
  }

  private static String notFinal(String dimension) {
    return "SELECT concat(toString(sum(not_final_requests)), ' ', toString(sum(not_final_cost_usd)))"
        + " FROM usage_daily WHERE org_id = 'acme' AND dimension = '" + dimension + "'";
  }

  private static String totals(String dimension) {
    return "SELECT concat(toString(sum(requests)), ' ', toString(sum(input_tokens)), ' ', toString(sum(cost_usd)))"
        + " FROM usage_daily WHERE org_id = 'acme' AND dimension = '" + dimension + "'";
  }

  /** The 'accuracy' dimension: label, requests, cost, not-final requests and cost, for labels with requests. */
  private static String perLabel() {
    return "SELECT arrayStringConcat(groupArray(line), ', ') FROM (SELECT concat(value, ' ', toString(sum(requests)), ' ',"
        + " toString(sum(cost_usd)), ' ', toString(sum(not_final_requests)), ' ', toString(sum(not_final_cost_usd))) AS line"
        + " FROM usage_daily WHERE org_id = 'acme' AND dimension = 'accuracy' GROUP BY value HAVING sum(requests) != 0"
        + " ORDER BY value)";
  }

  /** The same from the events as they are after the revision (FINAL), like the rollup rebuild. */
  private static String perLabelFromEvents() {
    return "SELECT arrayStringConcat(groupArray(line), ', ') FROM (SELECT concat(accuracy, ' ', toString(count()), ' ',"
        + " toString(toDecimal128(sum(cost_total), 9)), ' ', toString(countIf(accuracy != 'EXACT')), ' ',"
        + " toString(toDecimal128(sumIf(cost_total, accuracy != 'EXACT'), 9))) AS line"
        + " FROM usage_events FINAL WHERE org_id = 'acme' GROUP BY accuracy ORDER BY accuracy)";
  }

  private static String row(String id, long input, long output, long cacheRead, String cost, String savings, long version,
      String more) {
    return "('" + id + "', 'acme', 'platform', 'ada', toDateTime('2026-11-20 10:00:00', 'UTC'), 1795168800000, toDate('2026-11-20'),"
        + " toDate('2026-11-16'), toDate('2026-11-01'), " + input + ", " + output + ", " + cacheRead + ", toDecimal64('" + cost
        + "', 9), toDecimal64('" + savings + "', 9), " + version + more + ")";
  }
}
