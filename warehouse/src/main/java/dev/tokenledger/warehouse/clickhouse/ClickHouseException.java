package dev.tokenledger.warehouse.clickhouse;

import java.util.OptionalInt;

/**
 * A failed ClickHouse request, sorted by what the caller should do about it: {@link Unavailable} is
 * transient (retry with backoff), {@link BadData} means the rows sent cannot be stored (isolate and
 * reject them), {@link Failed} is anything else (wrong SQL, missing table, no permission: stop).
 */
public abstract sealed class ClickHouseException extends RuntimeException
    permits ClickHouseException.Unavailable, ClickHouseException.BadData, ClickHouseException.Failed {

  private static final long serialVersionUID = 1L;
  private final int code;

  ClickHouseException(String message, int code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The ClickHouse error code, when the server sent one. */
  public OptionalInt code() {
    return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
  }

  /** The server cannot be reached or is temporarily unable to serve: retrying may succeed. */
  public static final class Unavailable extends ClickHouseException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, int code, Throwable cause) {
      super(message, code, cause);
    }
  }

  /** The data sent cannot be parsed or stored (out-of-range value, malformed row). */
  public static final class BadData extends ClickHouseException {
    private static final long serialVersionUID = 1L;

    public BadData(String message, int code) {
      super(message, code, null);
    }
  }

  /** Any other server error: retrying the same request will fail the same way. */
  public static final class Failed extends ClickHouseException {
    private static final long serialVersionUID = 1L;

    public Failed(String message, int code) {
      super(message, code, null);
    }
  }
}
