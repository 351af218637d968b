package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {

  @Test
  void theShippedMigrationsAreOrderedAndOnlyCreateWhatIsMissing() {
    List<Migration> shipped = MigrationRunner.shipped();
    assertThat(shipped).extracting(Migration::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    for (Migration m : shipped) {
      for (String stmt : m.statements()) {
        // 18.16 has no ADD COLUMN IF NOT EXISTS: the runner accepts "already exists" for ADD COLUMN instead;
        // a view is dropped only to be created again by the same migration (V010)
        assertThat(stmt).as(m.fileName())
            .containsPattern("^(CREATE (TABLE|VIEW|MATERIALIZED VIEW) IF NOT EXISTS |ALTER TABLE \\w+\\s+ADD COLUMN |DROP TABLE IF EXISTS \\w+_mv$)");
        if (stmt.startsWith("DROP TABLE IF EXISTS ")) {
          String view = stmt.substring("DROP TABLE IF EXISTS ".length());
          assertThat(m.statements()).as(m.fileName() + " creates " + view + " again")
              .anySatisfy(s -> assertThat(s).startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS " + view + " TO "));
        }
      }
    }
  }

  @Test
  void onlyAnAddColumnFailingBecauseTheColumnExistsCountsAsDone() {
    String add = "ALTER TABLE budget_breaches\n    ADD COLUMN kind String DEFAULT 'CROSSED' AFTER notify";
    var exists = new dev.tokenledger.warehouse.clickhouse.ClickHouseException.Failed(
        "Code: 44, e.displayText() = DB::Exception: Cannot add column kind: column with this name already exists", 44);
    var other = new dev.tokenledger.warehouse.clickhouse.ClickHouseException.Failed("Code: 62, Syntax error", 62);
    assertThat(MigrationRunner.columnAlreadyAdded(add, exists)).isTrue();
    assertThat(MigrationRunner.columnAlreadyAdded(add, other)).isFalse();
    assertThat(MigrationRunner.columnAlreadyAdded("CREATE TABLE IF NOT EXISTS t (a String)", exists)).isFalse();
  }

  @Test
  void theShippedSqlAvoidsSyntaxTheOldServerOrModernServersLack() {
    for (Migration m : MigrationRunner.shipped()) {
      assertThat(m.sql()).as(m.fileName())
          .doesNotContain("DateTime64").doesNotContain("LowCardinality").doesNotContain("TTL")
          .doesNotContain("toStartOfWeek").doesNotContain(" OVER (").doesNotContainPattern("\\{\\w+:\\w+}")
          .doesNotContain("Nullable(String)");
    }
  }

  @Test
  void destructiveStatementsAreRefused() {
    for (String sql : List.of("DROP TABLE usage_events;", "TRUNCATE TABLE usage_events;",
        "ALTER TABLE usage_events DROP COLUMN team;", "ALTER TABLE usage_events DELETE WHERE 1;",
        "RENAME TABLE a TO b;")) {
      assertThatThrownBy(() -> Migration.of("V009__bad.sql", sql)).hasMessageContaining("destructive");
    }
  }

  @Test
  void onlyAMaterializedViewMayBeDroppedToBeCreatedAgain() {
    Migration m = Migration.of("V010__view.sql", "DROP TABLE IF EXISTS usage_daily_mv;\nCREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Log;");
    assertThat(m.statements()).hasSize(2);
    for (String sql : List.of("DROP TABLE IF EXISTS usage_daily;", "DROP TABLE usage_daily_mv;",
        "DROP TABLE IF EXISTS usage_daily_mv_backup_of_data;", "DROP TABLE IF EXISTS x_mv; DROP TABLE usage_events")) {
      assertThatThrownBy(() -> Migration.of("V010__bad.sql", sql)).hasMessageContaining("destructive");
    }
  }

  @Test
  void fileNamesCarryTheVersionAndTheChecksumFollowsTheText() {
    Migration a = Migration.of("V012__add_things.sql", "CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Log;");
    Migration b = Migration.of("V012__add_things.sql", "CREATE TABLE IF NOT EXISTS t (x UInt16) ENGINE = Log;");
    assertThat(a.version()).isEqualTo(12);
    assertThat(a.name()).isEqualTo("add_things");
    assertThat(a.fileName()).isEqualTo("V012__add_things.sql");
    assertThat(a.checksum()).hasSize(64).isNotEqualTo(b.checksum());
    assertThatThrownBy(() -> Migration.of("12_add.sql", "SELECT 1;")).hasMessageContaining("V<NNN>__<name>.sql");
  }
}
