package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.warehouse.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's start-up check of the tables' column types on the real server. */
class TableColumnsIT {

  private TestDatabase db;

  @BeforeEach
  void migrate() {
    db = TestDatabase.migrated("tablecolumns");
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void theMigratedTablesHaveTheCataloguesColumns() {
    for (Table t : WarehouseTables.ALL) {
      assertThat(TableColumns.differences(db.client(), t)).as(t.name()).isEmpty();
    }
  }

  @Test
  void theCatalogueNamesEveryColumnOfTheWrittenTablesButTheServersDefault() {
    for (Table t : List.of(UsageEventsTable.TABLE, BudgetBreachesTable.TABLE)) {
      Map<String, String> types = new LinkedHashMap<>();
      db.rows("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '" + t.name() + "'")
          .forEach(r -> types.put(r.get("name"), r.get("type").replace("\\'", "'")));   // TabSeparated escapes quotes
      Map<String, String> written = new LinkedHashMap<>();
      t.columns().forEach(c -> written.put(c.name(), c.type()));
      Map<String, String> notWritten = new LinkedHashMap<>(types);
      notWritten.keySet().removeAll(written.keySet());
      assertThat(notWritten).as(t.name() + ": columns left to their DEFAULT").containsExactly(Map.entry("inserted_time", "DateTime('UTC')"));
      types.keySet().retainAll(written.keySet());
      assertThat(written).as(t.name()).containsExactlyInAnyOrderEntriesOf(types);
    }
  }

  @Test
  void aColumnWhoseTypeDriftedOrAMissingTableStopsTheSink() {
    db.client().execute("ALTER TABLE usage_events MODIFY COLUMN web_search_requests Int32");
    assertThat(TableColumns.differences(db.client(), UsageEventsTable.TABLE))
        .containsExactly("usage_events.web_search_requests is Int32, the sink writes UInt32");
    assertThatThrownBy(() -> TableColumns.verify(db.client(), UsageEventsTable.TABLE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("would store wrong values");
    assertThat(TableColumns.differences(db.client(), new Table("no_such_table", UsageEventsTable.TABLE.columns())))
        .singleElement().asString().contains("does not exist");
  }
}
