package dev.tokenledger.api.query;

import java.time.LocalDate;

/**
 * Escapes values into ClickHouse SQL literals. Values are always quoted and escaped by the client
 * (server-side {@code {name:Type}} parameters do not exist on older servers).
 */
public final class SqlLiteral {

  private SqlLiteral() {}

  /** A single-quoted string literal with backslash and quote escaped. */
  public static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** A date literal usable against Date columns and as the argument of toDateTime. */
  public static String date(LocalDate date) {
    return "toDate(" + string(date.toString()) + ")";
  }
}
