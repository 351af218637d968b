package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.testing.PrivateStack;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse (a private server of this test) stops while the sink runs and records keep arriving; the
 * sink retries with backoff, commits nothing meanwhile, and once ClickHouse is back every event is there
 * exactly once.
 */
class SinkClickHouseOutageIT {

  private static final int EVENTS = 4_000;

  @TempDir
  Path dir;

  @Test
  void nothingIsLostOrDuplicatedWhileClickHouseIsDown() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      run(fx);
    }
  }

  private void run(SinkFixture fx) throws Exception {
    List<PricedUsage> events = PricedEvents.batch("outage-", EVENTS);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (PrivateStack stack = PrivateStack.start(dir.resolve("stack"), "clickhouse")) {
      ClickHouseHttpClient ch = new ClickHouseHttpClient(ClickHouseEndpoint.of(stack.clickhouseUrl(), "tokenledger"));
      SinkApp sink = new SinkApp(SinkFixture.settings(fx.writeConfig(dir, stack.clickhouseUrl(), "tokenledger", 500, "2m")));
      Future<Integer> exit = executor.submit(sink::run);
      try {
        fx.publishPriced(events.subList(0, EVENTS / 2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());

        stack.stop("clickhouse");
        fx.publishPriced(events.subList(EVENTS / 2, EVENTS));
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.metrics().retries() >= 3);
        assertThat(fx.lag()).as("nothing is committed while ClickHouse is down").isGreaterThan(0);
        assertThat(exit.isDone()).isFalse();

        stack.start("clickhouse");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());
        String total = PricedEvents.total(events).toPlainString();
        assertThat(value(ch, "SELECT count() FROM usage_events")).isEqualTo(String.valueOf(EVENTS));
        assertThat(value(ch, "SELECT count() FROM usage_events FINAL")).isEqualTo(String.valueOf(EVENTS));
        assertThat(value(ch, "SELECT toString(sum(cost_total)) FROM usage_events FINAL")).isEqualTo(total);
        assertThat(value(ch, "SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo(total);
        assertThat(value(ch, "SELECT toString(sum(requests)) FROM usage_daily WHERE dimension = 'team'")).isEqualTo(String.valueOf(EVENTS));
      } finally {
        sink.stop(Duration.ofSeconds(30));
        executor.shutdownNow();
      }
      assertThat(exit.get()).isZero();
    }
  }

  private static String value(ClickHouseHttpClient ch, String sql) {
    return ch.query(sql + " FORMAT TabSeparated").strip();
  }
}
