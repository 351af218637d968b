package dev.tokenledger.warehouse.clickhouse;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sorts a ClickHouse HTTP error response into {@link ClickHouseException} kinds by its error code. */
public final class ClickHouseErrors {

  /** Codes that say the server is (temporarily) unable to serve. */
  static final Set<Integer> TRANSIENT = Set.of(
      3,    // UNEXPECTED_END_OF_FILE (connection cut while reading the body)
      159,  // TIMEOUT_EXCEEDED
      164,  // READONLY (e.g. a replica in read-only mode)
      202,  // TOO_MANY_SIMULTANEOUS_QUERIES
      203,  // NO_FREE_CONNECTION
      209,  // SOCKET_TIMEOUT
      210,  // NETWORK_ERROR
      241,  // MEMORY_LIMIT_EXCEEDED
      242,  // TABLE_IS_READ_ONLY
      252,  // TOO_MANY_PARTS
      285,  // TOO_FEW_LIVE_REPLICAS
      319,  // UNKNOWN_STATUS_OF_INSERT
      425,  // SYSTEM_ERROR
      999); // KEEPER_EXCEPTION

  /** Codes that say the rows sent cannot be stored. */
  static final Set<Integer> BAD_DATA = Set.of(
      6,    // CANNOT_PARSE_TEXT
      26,   // CANNOT_PARSE_QUOTED_STRING
      27,   // CANNOT_PARSE_INPUT_ASSERTION_FAILED
      38,   // CANNOT_PARSE_DATE
      41,   // CANNOT_PARSE_DATETIME
      53,   // TYPE_MISMATCH
      69,   // ARGUMENT_OUT_OF_BOUND
      70,   // CANNOT_CONVERT_TYPE
      72,   // CANNOT_PARSE_NUMBER
      117,  // INCORRECT_DATA
      130,  // CANNOT_READ_ARRAY_FROM_TEXT
      131,  // TOO_LARGE_STRING_SIZE
      190,  // SIZES_OF_ARRAYS_DOESNT_MATCH
      321,  // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
      407); // DECIMAL_OVERFLOW

  private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

  private ClickHouseErrors() {}

  /** The exception for an HTTP response with a status other than 200. */
  public static ClickHouseException classify(int status, String body, String what) {
    int code = codeOf(body);
    String message = what + ": HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body.strip()));
    if (code < 0) {
      return status == 503 || status == 502 || status == 504
          ? new ClickHouseException.Unavailable(message, code, null)
          : new ClickHouseException.Failed(message, code);
    }
    if (TRANSIENT.contains(code)) {
      return new ClickHouseException.Unavailable(message, code, null);
    }
    if (BAD_DATA.contains(code)) {
      return new ClickHouseException.BadData(message, code);
    }
    return new ClickHouseException.Failed(message, code);
  }

  static int codeOf(String body) {
    Matcher m = CODE.matcher(body);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String abbreviate(String s) {
    return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "…";
  }
}
