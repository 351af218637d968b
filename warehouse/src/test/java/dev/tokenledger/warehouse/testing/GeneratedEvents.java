package dev.tokenledger.warehouse.testing;

import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.QueryTemplate;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generated priced events for the benchmarks: {@code infra/bench/warehouse-data.sql} (one month,
 * November 2026, org {@code acme}, 40 teams, 12 cost centres, 2 000 users …) inserted into
 * {@code usage_events} with {@code INSERT … SELECT FROM numbers()}, so the rollup view fills
 * {@code usage_daily} exactly as the sink's inserts do. In chunks of {@link #CHUNK} rows, so one
 * insert stays within memory on a small machine; the events are the same whatever the chunking.
 */
public final class GeneratedEvents {

  /** Rows per {@code INSERT … SELECT}. */
  public static final long CHUNK = 2_000_000;

  /** The generator, relative to the repository root. */
  public static final String SCRIPT = "infra/bench/warehouse-data.sql";

  private GeneratedEvents() {}

  /** Inserts {@code rows} generated events into the (migrated) database of {@code ch}. */
  public static void insert(ClickHouseClient ch, long rows) {
    QueryTemplate gen = template();
    String all = gen.render(Map.of("rows", String.valueOf(rows)));
    for (long from = 0; from < rows; from += CHUNK) {
      long n = Math.min(CHUNK, rows - from);
      ch.execute(all.replace("FROM numbers(" + rows + ")", "FROM numbers(" + from + ", " + n + ")"));
    }
  }

  private static QueryTemplate template() {
    Path file = StackEnv.repoRoot().resolve(SCRIPT);
    try {
      return QueryTemplate.of(file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
