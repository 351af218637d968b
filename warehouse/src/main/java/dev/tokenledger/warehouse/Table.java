package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A table of the warehouse as programs see it: its name and its columns with their ClickHouse types, in
 * insert order. The catalogue ({@link UsageEventsTable}, {@link BudgetBreachesTable},
 * {@link UsageDailyTable}, {@link ApiTokensTable}) is the one place a column is named in Java; the migrations create the tables.
 */
public record Table(String name, List<Column> columns) {

  public Table {
    if (!ClickHouseEndpoint.isIdentifier(name)) {
      throw new IllegalArgumentException("table name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*");
    }
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      if (!ClickHouseEndpoint.isIdentifier(c.name())) {
        throw new IllegalArgumentException(name + ": column name '" + c.name() + "' must match [A-Za-z_][A-Za-z0-9_]*");
      }
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException(name + ": column " + c.name() + " appears twice");
      }
    }
  }

  /** The column called {@code columnName}; throws if the table has none. */
  public Column column(String columnName) {
    for (Column c : columns) {
      if (c.name().equals(columnName)) {
        return c;
      }
    }
    throw new IllegalArgumentException("table " + name + " has no column " + Objects.requireNonNull(columnName, "columnName"));
  }

  /** {@code INSERT INTO name (a, b, …) FORMAT RowBinary} for the columns, in their order. */
  public String insertRowBinary() {
    StringBuilder s = new StringBuilder("INSERT INTO ").append(name).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(columns.get(i).name());
    }
    return s.append(") FORMAT RowBinary").toString();
  }
}
