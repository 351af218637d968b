package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.warehouse.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Migrations on the real local ClickHouse: from empty, re-run, partial runs, immutability, data kept. */
class MigrationsIT {

  @Test
  void fromEmptyEveryMigrationIsAppliedAndRecordedAndReRunsChangeNothing() {
    try (TestDatabase db = TestDatabase.empty("mig")) {
      assertThat(db.runner().apply()).containsExactly(
          "V001__usage_events.sql", "V002__rollups.sql", "V003__budget_breaches.sql", "V004__finance_views.sql",
          "V005__api_tokens.sql", "V006__breach_kind.sql", "V007__efficiency_inputs.sql", "V008__revisions.sql", "V009__provider_reports.sql",
          "V010__rollup_accuracy.sql");
      assertThat(db.rows("SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name"))
          .extracting(r -> r.get("name") + ":" + r.get("engine"))
          .contains("usage_events:ReplacingMergeTree", "usage_daily:SummingMergeTree", "usage_daily_mv:MaterializedView",
              "usage_daily_revisions_mv:MaterializedView",
              "budget_breaches:ReplacingMergeTree", "schema_migrations:ReplacingMergeTree",
              "monthly_chargeback_by_team:View", "monthly_chargeback_by_cost_centre:View",
              "monthly_chargeback_by_project:View", "daily_cost:View", "cost_this_month:View", "usage_events_final:View",
              "api_tokens:ReplacingMergeTree", "session_commits:ReplacingMergeTree", "mcp_inventory:ReplacingMergeTree",
              "provider_report_rows:ReplacingMergeTree", "provider_report_imports:ReplacingMergeTree");

      insertOneEvent(db);
      assertThat(db.runner().apply()).isEmpty();
      assertThat(db.runner().apply()).isEmpty();
      assertThat(db.value("SELECT count() FROM schema_migrations")).isEqualTo("10");
      assertThat(db.value("SELECT count() FROM usage_events")).isEqualTo("1");
      assertThat(db.value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo("1.250000000");
    }
  }

  @Test
  void aPartialRunIsCompletedByTheNextRun() {
    try (TestDatabase db = TestDatabase.empty("mig")) {
      List<Migration> all = MigrationRunner.shipped();
      assertThat(new MigrationRunner(db.client(), TestDatabase.quickRetrier(), all.subList(0, 2)).apply())
          .containsExactly("V001__usage_events.sql", "V002__rollups.sql");
      insertOneEvent(db);
      assertThat(db.runner().apply()).containsExactly("V003__budget_breaches.sql", "V004__finance_views.sql", "V005__api_tokens.sql",
          "V006__breach_kind.sql", "V007__efficiency_inputs.sql", "V008__revisions.sql", "V009__provider_reports.sql",
          "V010__rollup_accuracy.sql");
      assertThat(db.value("SELECT toString(cost_usd) FROM monthly_chargeback_by_team")).isEqualTo("1.250000000");
    }
  }

  @Test
  void breachKindIsAddedOnceWithOldRowsCrossedAndARunThatFindsTheColumnsAddedStillCompletes() {
    try (TestDatabase db = TestDatabase.empty("mig")) {
      List<Migration> all = MigrationRunner.shipped();
      assertThat(new MigrationRunner(db.client(), TestDatabase.quickRetrier(), all.subList(0, 5)).apply()).hasSize(5);
      db.client().execute("INSERT INTO budget_breaches (breach_id, budget_id, org_id, version) VALUES ('b-1', 'team', 'acme', 1)");
      // another sink applied V006 and has not recorded it yet: 18.16 has no ADD COLUMN IF NOT EXISTS
      Migration v6 = all.get(5);
      assertThat(v6.fileName()).isEqualTo("V006__breach_kind.sql");
      v6.statements().forEach(db.client()::execute);
      assertThat(db.runner().apply()).containsExactly("V006__breach_kind.sql", "V007__efficiency_inputs.sql", "V008__revisions.sql", "V009__provider_reports.sql",
          "V010__rollup_accuracy.sql");
      assertThat(db.value("SELECT concat(kind, '/', toString(isNull(projected_spend_usd))) FROM budget_breaches FINAL"))
          .isEqualTo("CROSSED/1");
      assertThat(db.runner().apply()).isEmpty();
    }
  }

  @Test
  void aMigrationChangedAfterItWasAppliedStopsTheRun() {
    try (TestDatabase db = TestDatabase.migrated("mig")) {
      List<Migration> changed = new ArrayList<>(MigrationRunner.shipped());
      Migration v1 = changed.get(0);
      changed.set(0, Migration.of(v1.fileName(), v1.sql() + "\n-- edited\n"));
      MigrationRunner runner = new MigrationRunner(db.client(), TestDatabase.quickRetrier(), changed);
      assertThatThrownBy(runner::apply).isInstanceOf(MigrationRunner.MigrationException.class)
          .hasMessageContaining("V001__usage_events.sql was changed after it was applied");
    }
  }

  /** One event of 1.25 USD on 2026-11-20 (the columns not named keep their defaults). */
  private static void insertOneEvent(TestDatabase db) {
    db.client().execute("INSERT INTO " + UsageEventsTable.NAME + " (event_id, org_id, team, event_time, event_time_ms, event_day,"
        + " event_week, event_month, cost_total, version) VALUES ('mig-1', 'acme', 'platform', toDateTime('2026-11-20 10:00:00', 'UTC'),"
        + " 1795168800000, toDate('2026-11-20'), toDate('2026-11-16'), toDate('2026-11-01'), toDecimal64('1.25', 9), 1)");
  }
}
