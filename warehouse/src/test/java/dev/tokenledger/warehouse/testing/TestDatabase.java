package dev.tokenledger.warehouse.testing;

import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A unique, migrated ClickHouse database for one test on a real server; dropped on close. */
public final class TestDatabase implements AutoCloseable {

  private final String url;
  private final ClickHouseHttpClient client;

  private TestDatabase(String url, String name) {
    this.url = url;
    this.client = new ClickHouseHttpClient(ClickHouseEndpoint.of(url, name));
  }

  /** An empty database (not migrated) on the shared local server. */
  public static TestDatabase empty(String prefix) {
    return empty(StackEnv.clickhouseUrl(), prefix);
  }

  public static TestDatabase empty(String url, String prefix) {
    TestDatabase db = new TestDatabase(url, StackEnv.unique(prefix));
    db.client.ensureDatabase();
    return db;
  }

  /** A database with every shipped migration applied. */
  public static TestDatabase migrated(String prefix) {
    TestDatabase db = empty(prefix);
    db.runner().apply();
    return db;
  }

  public static Retrier quickRetrier() {
    return Retrier.system(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)), () -> {});
  }

  public MigrationRunner runner() {
    return new MigrationRunner(client, quickRetrier(), MigrationRunner.shipped());
  }

  public ClickHouseHttpClient client() {
    return client;
  }

  public String name() {
    return client.database();
  }

  public String url() {
    return url;
  }

  /** Runs {@code sql} (without FORMAT) and returns its rows as column → value (TabSeparatedWithNames). */
  public List<Map<String, String>> rows(String sql) {
    String tsv = client.query(sql + "\nFORMAT TabSeparatedWithNames");
    List<Map<String, String>> out = new ArrayList<>();
    String[] lines = tsv.split("\n");
    if (lines.length == 0 || lines[0].isEmpty()) {
      return out;
    }
    String[] names = lines[0].split("\t", -1);
    for (int i = 1; i < lines.length; i++) {
      String[] values = lines[i].split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < names.length; c++) {
        row.put(names[c], values[c]);
      }
      out.add(row);
    }
    return out;
  }

  /** The single value of a one-row, one-column query. */
  public String value(String sql) {
    return client.query(sql + "\nFORMAT TabSeparated").strip();
  }

  @Override
  public void close() {
    new ClickHouseHttpClient(ClickHouseEndpoint.of(url, "system")).execute("DROP DATABASE IF EXISTS " + name());
  }
}
