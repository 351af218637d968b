package dev.tokenledger.api.clickhouse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one API query may use of the warehouse, enforced by ClickHouse itself (per-query settings sent
 * with the query): a question over a limit fails with a {@link dev.tokenledger.api.query.QueryLimitException}
 * instead of slowing everybody down.
 *
 * @param maxExecutionTime wall time ({@code max_execution_time}, whole seconds, at least 1); keep it below
 *     the HTTP request timeout so the server, not the client, ends a slow question
 * @param maxRowsToRead rows read from tables ({@code max_rows_to_read})
 * @param maxMemoryBytes memory of the query ({@code max_memory_usage})
 */
public record QueryLimits(Duration maxExecutionTime, long maxRowsToRead, long maxMemoryBytes) {

  /**
   * 30 s, 1 billion rows (a month of 10M events read with FINAL is 10M rows; a year of rollups far less),
   * 4 GiB.
   */
  public static final QueryLimits DEFAULTS = new QueryLimits(Duration.ofSeconds(30), 1_000_000_000L, 4L << 30);

  public QueryLimits {
    if (maxExecutionTime == null || maxExecutionTime.toSeconds() < 1) {
      throw new IllegalArgumentException("maxExecutionTime must be at least 1 s: " + maxExecutionTime);
    }
    if (maxRowsToRead < 1 || maxMemoryBytes < 1) {
      throw new IllegalArgumentException("row and memory limits must be positive: " + maxRowsToRead + ", " + maxMemoryBytes);
    }
  }

  /** The ClickHouse settings, in a fixed order. */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("max_execution_time", Long.toString(maxExecutionTime.toSeconds()));
    s.put("max_rows_to_read", Long.toString(maxRowsToRead));
    s.put("max_memory_usage", Long.toString(maxMemoryBytes));
    return s;
  }
}
