package dev.tokenledger.warehouse.clickhouse;

import java.time.LocalDate;

/**
 * The one escaper of values written into SQL text (the 18.16 server has no server-side parameters):
 * every program that puts a value into ClickHouse SQL goes through it.
 */
public final class SqlLiteral {

  private SqlLiteral() {}

  /**
   * A single-quoted ClickHouse string literal: backslash, quote and the control characters ClickHouse
   * reads as escapes ({@code \n \r \t \0 \b \f}) are escaped; everything else, non-ASCII included,
   * stands for itself.
   */
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

  /** A {@code Date} literal, {@code toDate('YYYY-MM-DD')}. */
  public static String date(LocalDate date) {
    return "toDate(" + quote(date.toString()) + ")";
  }
}
