package dev.tokenledger.agent.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** ISO-8601 timestamps as written by the assistants, truncated to milliseconds. */
public final class Timestamps {

  private Timestamps() {}

  /** The instant, or null if absent or unparseable. */
  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Instant fast = utcMillis(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /**
   * The common form {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (1–9 fraction digits) without the general
   * parser (a profile showed it at ~10 % of a backfill); null for anything else, which then goes
   * through {@link Instant#parse} (leap seconds, offsets, other forms).
   */
  static Instant utcMillis(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int millis = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      int fraction = n - 1 - 20; // digits between '.' and 'Z'
      if (digits(s, 20, n - 1) < 0) {
        return null;
      }
      for (int i = 0; i < 3; i++) {
        millis = millis * 10 + (i < fraction ? s.charAt(20 + i) - '0' : 0);
      }
    } else if (s.charAt(19) != 'Z') {
      return null;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null; // let the general parser reject it
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
  }

  /** The decimal number in {@code s[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
