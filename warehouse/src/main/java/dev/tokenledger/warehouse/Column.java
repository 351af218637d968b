package dev.tokenledger.processor.warehouse;

import java.util.List;
import java.util.Objects;

/** A column of an insert: its name and its ClickHouse type, spelled as {@code system.columns} reports it. */
public record Column(String name, String type) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static Column of(String name, String type) {
    return new Column(name, type);
  }

  /** {@code INSERT INTO table (a, b, …) FORMAT RowBinary} for these columns, in this order. */
  public static String insertRowBinary(String table, List<Column> columns) {
    StringBuilder s = new StringBuilder("INSERT INTO ").append(table).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(columns.get(i).name());
    }
    return s.append(") FORMAT RowBinary").toString();
  }
}
