package dev.tokenledger.warehouse;

import java.util.Objects;

/** A column of a warehouse table: its name and its ClickHouse type, spelled as {@code system.columns} reports it. */
public record Column(String name, String type) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static Column of(String name, String type) {
    return new Column(name, type);
  }
}
