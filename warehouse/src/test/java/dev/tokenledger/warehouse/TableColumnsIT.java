package dev.tokenledger.processor.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void theMigratedTablesHaveTheWritersColumns() {
    assertThat(TableColumns.differences(db.client(), UsageRows.TABLE, UsageRows.COLUMNS)).isEmpty();
    assertThat(TableColumns.differences(db.client(), BreachRows.TABLE, BreachRows.COLUMNS)).isEmpty();
  }

  @Test
  void aColumnWhoseTypeDriftedOrAMissingTableStopsTheSink() {
    db.client().execute("ALTER TABLE usage_events MODIFY COLUMN web_search_requests Int32");
    assertThat(TableColumns.differences(db.client(), UsageRows.TABLE, UsageRows.COLUMNS))
        .containsExactly("usage_events.web_search_requests is Int32, the sink writes UInt32");
    assertThatThrownBy(() -> TableColumns.verify(db.client(), UsageRows.TABLE, UsageRows.COLUMNS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("would store wrong values");
    assertThat(TableColumns.differences(db.client(), "no_such_table", UsageRows.COLUMNS))
        .singleElement().asString().contains("does not exist");
  }
}
