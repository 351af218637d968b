package dev.tokenledger.warehouse.clickhouse;

/** ClickHouse's TabSeparated escaping of one field (backslash escapes), read back. */
public final class TsvField {

  private TsvField() {}

  /** The value of a TabSeparated field: {@code \t}, {@code \n}, {@code \\} and the other backslash escapes undone. */
  public static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder b = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\' || i + 1 == field.length()) {
        b.append(c);
        continue;
      }
      char e = field.charAt(++i);
      switch (e) {
        case 't' -> b.append('\t');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case '0' -> b.append('\0');
        default -> b.append(e);   // \\ \' and any other escaped character stand for themselves
      }
    }
    return b.toString();
  }
}
