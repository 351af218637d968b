package dev.tokenledger.api.http;

import dev.tokenledger.api.query.Cursor;
import dev.tokenledger.api.query.ParameterValues;
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
    return ParameterValues.month(key, required(key));
  }

  int integer(String key, int fallback, int min, int max) {
    String v = optional(key);
    return v == null ? fallback : ParameterValues.wholeNumber(key, v, min, max);
  }

  /** The offset the {@code cursor} parameter names (0 without one). */
  int cursor(Map<String, List<String>> all) {
    String v = optional("cursor");
    return v == null ? 0 : Cursor.decode(v, all);
  }

  static String abbreviate(String s) {
    return ParameterValues.abbreviate(s);
  }
}
