package dev.tokenledger.warehouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements: a statement ends with a {@code ;} at the end of a line; lines
 * whose first non-blank characters are {@code --} are comments. The same rule as
 * {@code infra/clickhouse/sql-check}, so both run exactly the same statements.
 */
public final class SqlScript {

  private SqlScript() {}

  public static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\r?\n", -1)) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      String trimmedEnd = line.stripTrailing();
      if (trimmedEnd.endsWith(";")) {
        current.append(trimmedEnd, 0, trimmedEnd.length() - 1);
        add(out, current);
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder s) {
    String stmt = s.toString().strip();
    if (!stmt.isEmpty()) {
      out.add(stmt);
    }
  }
}
