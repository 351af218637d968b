package dev.tokenledger.agent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A terminal table drawn with box characters, as ccusage draws its reports: a header, rows whose cells
 * may span several lines, a rule before chosen rows (the total), text columns left-aligned and number
 * columns right-aligned. Columns are as wide as their widest line.
 */
public final class TextTable {

  private final List<String> headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();
  private final List<Boolean> ruleBefore = new ArrayList<>();

  /** {@code rightAligned}: one flag per header. */
  public TextTable(List<String> headers, boolean... rightAligned) {
    if (rightAligned.length != headers.size()) {
      throw new IllegalArgumentException("one alignment per column");
    }
    this.headers = List.copyOf(headers);
    this.right = rightAligned.clone();
  }

  public TextTable row(List<String> cells) {
    return add(cells, false);
  }

  /** A row below a rule (the total). */
  public TextTable ruledRow(List<String> cells) {
    return add(cells, true);
  }

  private TextTable add(List<String> cells, boolean rule) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
    }
    rows.add(cells.toArray(String[]::new));
    ruleBefore.add(rule);
    return this;
  }

  public String render() {
    int n = headers.size();
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      width[c] = widest(headers.get(c));
      for (String[] r : rows) {
        width[c] = Math.max(width[c], widest(r[c]));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(rule('┌', '┬', '┐', width));
    lines(out, headers.toArray(String[]::new), width, true);
    out.append(rule('├', '┼', '┤', width));
    for (int i = 0; i < rows.size(); i++) {
      if (ruleBefore.get(i)) {
        out.append(rule('├', '┼', '┤', width));
      }
      lines(out, rows.get(i), width, false);
    }
    out.append(rule('└', '┴', '┘', width));
    return out.toString();
  }

  /** The width of the rendered table in characters. */
  public int width() {
    return render().lines().mapToInt(String::length).max().orElse(0);
  }

  private void lines(StringBuilder out, String[] cells, int[] width, boolean header) {
    String[][] split = new String[cells.length][];
    int height = 1;
    for (int c = 0; c < cells.length; c++) {
      split[c] = (cells[c] == null ? "" : cells[c]).split("\n", -1);
      height = Math.max(height, split[c].length);
    }
    for (int line = 0; line < height; line++) {
      out.append('│');
      for (int c = 0; c < cells.length; c++) {
        String text = line < split[c].length ? split[c][line] : "";
        String pad = " ".repeat(width[c] - text.length());
        out.append(' ').append(right[c] && !header ? pad + text : text + pad).append(" │");
      }
      out.append('\n');
    }
  }

  private static String rule(char left, char mid, char rightEnd, int[] width) {
    StringBuilder b = new StringBuilder().append(left);
    for (int c = 0; c < width.length; c++) {
      b.append("─".repeat(width[c] + 2)).append(c == width.length - 1 ? rightEnd : mid);
    }
    return b.append('\n').toString();
  }

  private static int widest(String cell) {
    return cell == null ? 0 : Arrays.stream(cell.split("\n", -1)).mapToInt(String::length).max().orElse(0);
  }
}
