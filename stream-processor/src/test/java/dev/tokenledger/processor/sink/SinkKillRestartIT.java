package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink as a separate OS process, killed with SIGKILL twice while it loads a backlog (each
 * time right after an insert landed, when its commit is most likely still pending) and restarted: the
 * warehouse ends with exactly the published events — not one row inserted twice, rollups exact.
 */
class SinkKillRestartIT {

  private static final int EVENTS = 20_000;

  @TempDir
  Path dir;
  private final Path logs = Path.of("target", "sink-kill-it");

  private final String database = StackEnv.unique("sink_kill");
  private final ClickHouseHttpClient ch = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database));
  private Process sink;

  @AfterEach
  void cleanUp() throws Exception {
    if (sink != null && sink.isAlive()) {
      sink.destroy();
      if (!sink.waitFor(30, TimeUnit.SECONDS)) {
        sink.destroyForcibly();
      }
    }
    new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + database);
  }

  @Test
  void aHardKilledSinkRestartsWithoutLosingOrDuplicatingARow() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      run(fx);
    }
  }

  private void run(SinkFixture fx) throws Exception {
    List<PricedUsage> events = PricedEvents.batch("kill-", EVENTS);
    fx.publishPriced(events);
    Path config = fx.writeConfig(dir, StackEnv.clickhouseUrl(), database, 1_000, "60s");

    int uncommittedAtKills = 0;
    int run = 0;
    for (long threshold : new long[] {1, EVENTS / 2}) {
      sink = start(config, "run-" + (++run) + ".log");
      long before = rows();
      // kill right after an insert landed (the row count moved) once past the threshold
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(1)).until(() -> {
        long now = rows();
        return now >= threshold && now > before;
      });
      sink.destroyForcibly().waitFor();
      uncommittedAtKills += uncommittedRows(fx);
    }
    sink = start(config, "run-final.log");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());

    String restarts = Files.readString(logs.resolve("run-2.log"))
        + Files.readString(logs.resolve("run-final.log"));
    System.out.printf("SinkKillRestartIT: %d rows were inserted but not committed at the kills; restarts said: %s%n",
        uncommittedAtKills, restarts.lines().filter(l -> l.contains("already in the warehouse")).toList());
    if (uncommittedAtKills > 0) {
      assertThat(restarts).as("a restart found the rows its predecessor inserted without committing")
          .contains("already in the warehouse; they will be skipped");
    }
    assertThat(value("SELECT count() FROM usage_events")).as("rows, duplicates included").isEqualTo(String.valueOf(EVENTS));
    assertThat(value("SELECT count() FROM usage_events FINAL")).isEqualTo(String.valueOf(EVENTS));
    assertThat(value("SELECT toString(sum(cost_total)) FROM usage_events FINAL")).isEqualTo(PricedEvents.total(events).toPlainString());
    assertThat(value("SELECT toString(sum(requests)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo(String.valueOf(EVENTS));
    assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'"))
        .isEqualTo(PricedEvents.total(events).toPlainString());
    assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'user' AND value = 'user-3'"))
        .isEqualTo(PricedEvents.total(events.stream().filter(p -> p.getEvent().getUserId().equals("user-3")).toList()).toPlainString());
    sink.destroy();   // SIGTERM: a clean stop before the fixture deletes the topics
    assertThat(sink.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(logs.resolve("run-final.log"))).as("SIGTERM writes, commits and stops cleanly")
        .contains("sink: stopped (");
  }

  /** Rows in the warehouse at or after the group's committed offsets: inserted, commit pending at the kill. */
  private long uncommittedRows(SinkFixture fx) throws Exception {
    Map<Integer, Long> committed = fx.committedPriced();
    StringBuilder where = new StringBuilder("0");
    for (int p = 0; p < SinkFixture.PARTITIONS; p++) {
      where.append(" OR (kafka_partition = ").append(p).append(" AND kafka_offset >= ").append(committed.getOrDefault(p, 0L)).append(')');
    }
    return Long.parseLong(value("SELECT count() FROM usage_events WHERE " + where));
  }

  private long rows() {
    try {
      return Long.parseLong(value("SELECT count() FROM usage_events"));
    } catch (RuntimeException e) {
      return 0;   // the database or table does not exist yet
    }
  }

  private Process start(Path config, String log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
        "dev.tokenledger.processor.ProcessorMain", "sink", "--config", config.toString());
    pb.redirectErrorStream(true);
    Files.createDirectories(logs);
    pb.redirectOutput(logs.resolve(log).toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TOKENLEDGER_"));
    return pb.start();
  }

  private String value(String sql) {
    return ch.query(sql + " FORMAT TabSeparated").strip();
  }
}
