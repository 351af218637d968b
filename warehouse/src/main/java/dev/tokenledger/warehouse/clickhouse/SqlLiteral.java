package dev.tokenledger.processor.warehouse;

/** Escaping of values written into SQL text (the 18.16 server has no server-side parameters). */
public final class SqlLiteral {

  private SqlLiteral() {}

  /** A single-quoted ClickHouse string literal. */
  public static String quote(String value) {
    StringBuilder s = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '\'' -> s.append("\\'");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\0' -> s.append("\\0");
        case '\b' -> s.append("\\b");
        case '\f' -> s.append("\\f");
        default -> s.append(c);
      }
    }
    return s.append('\'').toString();
  }
}
