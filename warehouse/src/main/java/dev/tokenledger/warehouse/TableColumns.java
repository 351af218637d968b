package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import dev.tokenledger.warehouse.clickhouse.TsvField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a table's columns have exactly the types a RowBinary writer writes. RowBinary carries no
 * types: a column whose type drifted from the writer's (a migration turning UInt32 into Int32, two
 * same-width columns swapped) would take the bytes and store wrong values without an error, so the
 * sink compares {@code system.columns} with the catalogue's {@link Table}s before it inserts anything.
 */
public final class TableColumns {

  private TableColumns() {}

  /** The differences between the server's table and the catalogue's {@code expected} (empty when they agree). */
  public static List<String> differences(ClickHouseClient client, Table expected) {
    String table = expected.name();
    Map<String, String> types = new LinkedHashMap<>();
    String tsv = client.query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = "
        + SqlLiteral.quote(table) + "\nFORMAT TabSeparated");
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split("\t", -1);
        types.put(TsvField.unescape(f[0]), TsvField.unescape(f[1]));
      }
    }
    List<String> out = new ArrayList<>();
    if (types.isEmpty()) {
      out.add("table " + table + " does not exist in database " + client.database());
      return out;
    }
    for (Column c : expected.columns()) {
      String actual = types.get(c.name());
      if (actual == null) {
        out.add(table + "." + c.name() + " is missing (the sink writes it as " + c.type() + ")");
      } else if (!actual.equals(c.type())) {
        out.add(table + "." + c.name() + " is " + actual + ", the sink writes " + c.type());
      }
    }
    return out;
  }

  /** Throws {@link IllegalStateException} naming every difference, if there is any. */
  public static void verify(ClickHouseClient client, Table expected) {
    List<String> d = differences(client, expected);
    if (!d.isEmpty()) {
      throw new IllegalStateException("the ClickHouse table does not have the columns the sink writes (RowBinary would store "
          + "wrong values): " + String.join("; ", d));
    }
  }
}
