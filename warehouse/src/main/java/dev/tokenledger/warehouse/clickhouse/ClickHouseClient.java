package dev.tokenledger.warehouse.clickhouse;

import java.util.Arrays;
import java.util.Map;

/**
 * The warehouse's SQL interface. Every statement names its {@code FORMAT} in the SQL text (the 18.16
 * server ignores format headers). Failures are {@link ClickHouseException}s sorted by kind; the client
 * itself does not retry (callers decide, see {@link Retrier}).
 */
public interface ClickHouseClient {

  /** Runs a statement without a result (DDL). */
  void execute(String sql);

  /** Runs a query and returns the response body in the format named in {@code sql}. */
  String query(String sql);

  /**
   * Like {@link #query(String)}, run under ClickHouse query id {@code queryId} (so that it can be found in
   * {@code system.processes} and stopped with {@code KILL QUERY}) with {@code settings} for this query
   * only (e.g. {@code max_execution_time}); a limit the server enforces fails with its error code. A
   * client that cannot pass them refuses rather than run the query unbounded.
   */
  default String query(String sql, String queryId, Map<String, String> settings) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot run a query with a query id and settings");
  }

  /** Runs {@code insertSql} (e.g. {@code INSERT INTO t (a, b) FORMAT RowBinary}) with {@code body} as its data. */
  void insert(String insertSql, byte[] body);

  /** Like {@link #insert(String, byte[])} with {@code length} bytes of {@code body} from {@code offset} as the data. */
  default void insert(String insertSql, byte[] body, int offset, int length) {
    insert(insertSql, offset == 0 && length == body.length ? body : Arrays.copyOfRange(body, offset, offset + length));
  }

  /**
   * Like {@link #insert(String, byte[], int, int)}, run under ClickHouse query id {@code queryId}, so that
   * after a failure whose outcome is unknown the caller can wait for the insert to end
   * ({@link #awaitEnd}) before asking what it wrote.
   */
  default void insert(String insertSql, byte[] body, int offset, int length, String queryId) {
    insert(insertSql, body, offset, length);
  }

  /**
   * Returns once no query with id {@code queryId} runs on the server any more. A client that timed out
   * does not stop the server: an insert whose body arrived keeps running and may still commit, so what
   * it wrote is only known after it ended.
   */
  default void awaitEnd(String queryId) {}

  /** Creates the configured database if it does not exist. */
  void ensureDatabase();

  /** The database statements run in. */
  String database();
}
