package dev.tokenledger.processor.sink;

import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A sink running on a thread of the test JVM against its own ClickHouse database on the shared server;
 * {@link #close} stops it and drops the database.
 */
final class InProcessSink implements AutoCloseable {

  final String database;
  private final ClickHouseHttpClient ch;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private SinkApp sink;

  InProcessSink(String databasePrefix) {
    database = StackEnv.unique(databasePrefix);
    ch = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database));
  }

  /** Starts {@code app} (replacing the one started before, which must have stopped); its future is the exit code. */
  Future<Integer> start(SinkApp app) {
    sink = app;
    return executor.submit(app::run);
  }

  Future<Integer> start(SinkSettings settings) {
    return start(new SinkApp(settings));
  }

  SinkApp app() {
    return sink;
  }

  /** The single value of {@code sql} (without FORMAT) in the sink's database. */
  String value(String sql) {
    return ch.query(sql + " FORMAT TabSeparated").strip();
  }

  @Override
  public void close() {
    if (sink != null) {
      sink.stop(Duration.ofSeconds(30));
    }
    executor.shutdownNow();
    new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + database);
  }
}
