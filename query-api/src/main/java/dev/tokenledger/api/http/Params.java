package dev.tokenledger.api.http;

import dev.tokenledger.api.query.Cursor;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/** Reads a fixed set of query parameters, each at most once; every error names the parameter. */
final class Params {

  private final Map<String, List<String>> params;

  Params(Map<String, List<String>> params, List<String> known) {
    for (String key : params.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown parameter '" + abbreviate(key) + "' (known: " + String.join(", ", known) + ")");
      }
      if (params.get(key).size() != 1) {
        throw new IllegalArgumentException(key + ": given " + params.get(key).size() + " times; give it once");
      }
    }
    this.params = params;
  }

  String optional(String key) {
    List<String> v = params.get(key);
    return v == null ? null : v.get(0).trim();
  }

  String required(String key) {
    String v = optional(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(key + ": required");
    }
    return v;
  }

  YearMonth month(String key) {
    String v = required(key);
    try {
      if (!v.matches("\\d{4}-\\d{2}")) {
        throw new DateTimeException("shape");
      }
      YearMonth m = YearMonth.parse(v);
      if (m.getYear() < 2000 || m.getYear() > 2099) {
        throw new IllegalArgumentException(key + ": must lie within 2000-01 .. 2099-12: " + v);
      }
      return m;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(key + ": not a month YYYY-MM: '" + abbreviate(v) + "'");
    }
  }

  int integer(String key, int fallback, int min, int max) {
    String v = optional(key);
    if (v == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a whole number: '" + abbreviate(v) + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + ": must be " + min + ".." + max + ": " + n);
    }
    return n;
  }

  /** The offset the {@code cursor} parameter names (0 without one). */
  int cursor(Map<String, List<String>> all) {
    String v = optional("cursor");
    return v == null ? 0 : Cursor.decode(v, all);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
