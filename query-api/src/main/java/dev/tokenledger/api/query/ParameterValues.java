package dev.tokenledger.api.query;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;

/**
 * Reads one request parameter's text as a number, a flag, a day or a month; every refusal names the
 * parameter and never echoes more than 64 characters of what was sent.
 */
public final class ParameterValues {

  private ParameterValues() {}

  public static int wholeNumber(String name, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a whole number: '" + abbreviate(value) + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + ": must be " + min + ".." + max + ": " + n);
    }
    return n;
  }

  public static boolean bool(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new IllegalArgumentException(name + ": not true or false: '" + abbreviate(value) + "'");
    };
  }

  /** A day {@code YYYY-MM-DD} within {@link SpendQuery#FIRST_DAY} .. {@link SpendQuery#END_DAY}. */
  public static LocalDate day(String name, String value) {
    LocalDate day;
    try {
      if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new DateTimeException("shape");
      }
      day = LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + ": not a day YYYY-MM-DD: '" + abbreviate(value) + "'");
    }
    if (day.isBefore(SpendQuery.FIRST_DAY) || day.isAfter(SpendQuery.END_DAY)) {
      throw new IllegalArgumentException(name + ": must lie within " + SpendQuery.FIRST_DAY + " .. " + SpendQuery.END_DAY + ": " + day);
    }
    return day;
  }

  /** A month {@code YYYY-MM} whose days lie within {@link SpendQuery#FIRST_DAY} .. {@link SpendQuery#END_DAY}. */
  public static YearMonth month(String name, String value) {
    YearMonth m;
    try {
      if (!value.matches("\\d{4}-\\d{2}")) {
        throw new DateTimeException("shape");
      }
      m = YearMonth.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + ": not a month YYYY-MM: '" + abbreviate(value) + "'");
    }
    if (m.atDay(1).isBefore(SpendQuery.FIRST_DAY) || !m.atEndOfMonth().isBefore(SpendQuery.END_DAY)) {
      throw new IllegalArgumentException(name + ": must lie within " + SpendQuery.FIRST_DAY + " .. " + SpendQuery.END_DAY + ": " + m);
    }
    return m;
  }

  /** At most 64 characters of {@code s}, for messages that quote what a caller sent. */
  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
