package dev.tokenledger.warehouse.clickhouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed {@code TabSeparatedWithNames} answer: the column names of the first line, then the rows, every
 * field unescaped ({@link TsvField}); {@code \N} is NULL.
 */
public record TsvTable(List<String> names, List<List<String>> rows) {

  /** The index of column {@code name}; throws {@link IllegalStateException} naming the columns there are. */
  public int column(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("ClickHouse answer has no column '" + name + "' (columns: " + names + ")");
    }
    return i;
  }

  public static TsvTable parse(String body) {
    List<List<String>> lines = new ArrayList<>();
    int start = 0;
    while (start < body.length()) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      lines.add(fields(body, start, end));
      start = end + 1;
    }
    if (lines.isEmpty()) {
      return new TsvTable(List.of(), List.of());
    }
    return new TsvTable(lines.get(0), Collections.unmodifiableList(lines.subList(1, lines.size())));
  }

  /** Splits one line on tabs (tabs inside values are escaped) and unescapes each field. */
  private static List<String> fields(String s, int start, int end) {
    List<String> out = new ArrayList<>();
    int from = start;
    for (int i = start; i <= end; i++) {
      if (i == end || s.charAt(i) == '\t') {
        String raw = s.substring(from, i);
        out.add(raw.equals("\\N") ? null : TsvField.unescape(raw));
        from = i + 1;
      }
    }
    return Collections.unmodifiableList(out);
  }
}
