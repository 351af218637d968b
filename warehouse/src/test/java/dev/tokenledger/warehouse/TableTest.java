package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.clickhouse.DecimalType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void aDecimalColumnCarriesItsDecimalTypeFromItsSpelling() {
    assertThat(Column.of("c", "Decimal(18, 9)").decimal()).isEqualTo(DecimalType.D18_9);
    assertThat(Column.of("r", "Nullable(Decimal(18, 9))").decimal()).isEqualTo(DecimalType.D18_9);
    assertThat(UsageEventsTable.MULTIPLIER.decimal()).isEqualTo(DecimalType.D9_4);
    assertThat(Column.of("n", "UInt64").decimal()).isNull();
    assertThatThrownBy(() -> Column.of("n", "UInt64").requireDecimal()).hasMessageContaining("not a Decimal");
  }

  @Test
  void aTableNamesEachColumnOnceAndRendersItsInsert() {
    Table t = new Table("t", List.of(Column.of("a", "String"), Column.of("b", "UInt8")));
    assertThat(t.insertRowBinary()).isEqualTo("INSERT INTO t (a, b) FORMAT RowBinary");
    assertThat(t.column("b").type()).isEqualTo("UInt8");
    assertThatThrownBy(() -> t.column("c")).hasMessageContaining("has no column c");
    assertThatThrownBy(() -> new Table("t", List.of(Column.of("a", "String"), Column.of("a", "UInt8"))))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> new Table("t; DROP", List.of())).hasMessageContaining("must match");
  }

  @Test
  void theCatalogueHasTheTablesTheSinkWritesAndTheViewFeeds() {
    assertThat(WarehouseTables.ALL).extracting(Table::name).containsExactly("usage_events", "budget_breaches", "usage_daily", "api_tokens",
        "session_commits", "mcp_inventory", "provider_report_rows", "provider_report_imports");
    assertThat(UsageEventsTable.TABLE.columns()).hasSize(83).first().isEqualTo(UsageEventsTable.EVENT_ID);
    assertThat(UsageEventsTable.TABLE.columns()).last().isEqualTo(UsageEventsTable.REPLACED_ACCURACY);
  }

  @Test
  void theInsertLedgerColumnsAreAlikeInBothTablesTheSinkWrites() {
    for (Column c : List.of(UsageEventsTable.KAFKA_TOPIC, UsageEventsTable.KAFKA_PARTITION, UsageEventsTable.KAFKA_OFFSET)) {
      assertThat(BudgetBreachesTable.TABLE.column(c.name())).isEqualTo(c);
      // and in the tables the sink is to write next (ADR 0620)
      assertThat(SessionCommitsTable.TABLE.column(c.name())).isEqualTo(c);
      assertThat(McpInventoryTable.TABLE.column(c.name())).isEqualTo(c);
    }
  }
}
