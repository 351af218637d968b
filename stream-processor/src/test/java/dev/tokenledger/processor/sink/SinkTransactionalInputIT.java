package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.warehouse.ClickHouseEndpoint;
import dev.tokenledger.processor.warehouse.ClickHouseHttpClient;
import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input written with exactly-once transactions, as the stream processor writes it: every transaction
 * ends with a commit (or abort) marker, so the sink must commit its consumer position, not "last record
 * + 1", for the group's lag to reach 0 — including a partition that holds only an aborted transaction.
 */
class SinkTransactionalInputIT {

  @TempDir
  Path dir;

  private final String database = StackEnv.unique("sink_txn");
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final ClickHouseHttpClient ch = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database));
  private SinkApp sink;

  @AfterEach
  void cleanUp() {
    if (sink != null) {
      sink.stop(Duration.ofSeconds(30));
    }
    executor.shutdownNow();
    new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + database);
  }

  @Test
  void commitsPastTransactionMarkersSoTheLagReachesZeroAndLoadsOnlyCommittedEvents() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      List<PricedUsage> committed = SinkEndToEndIT.events("txn-", 40);
      List<PricedUsage> aborted = SinkEndToEndIT.events("aborted-", 10);
      String txnId = fx.prefix + "producer";
      fx.publishPricedInTransaction(txnId, Map.of(0, committed.subList(0, 15), 1, committed.subList(15, 25)), true);
      fx.publishPricedInTransaction(txnId, Map.of(2, aborted), false);   // partition 2: aborted batch + marker only
      fx.publishPricedInTransaction(txnId, Map.of(0, committed.subList(25, 40)), true);

      SinkSettings settings = SinkFixture.settings(fx.writeConfig(dir, StackEnv.clickhouseUrl(), database, 500, "30s"));
      sink = new SinkApp(settings);
      SinkApp s = sink;
      Future<Integer> exit = executor.submit(s::run);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());
      assertThat(fx.committedPriced()).containsEntry(0, 32L).containsEntry(1, 11L).containsEntry(2, 11L);

      // more transactional input after an idle period: the lag goes back to exactly 0
      List<PricedUsage> later = SinkEndToEndIT.events("txn-later-", 5);
      fx.publishPricedInTransaction(txnId, Map.of(1, later), true);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());

      sink.stop(Duration.ofSeconds(30));
      assertThat(exit.get()).isZero();
      assertThat(value("SELECT count() FROM usage_events")).isEqualTo("45");
      assertThat(value("SELECT count() FROM usage_events FINAL")).isEqualTo("45");
      assertThat(value("SELECT count() FROM usage_events WHERE event_id LIKE 'aborted-%'")).isEqualTo("0");
      List<PricedUsage> all = new java.util.ArrayList<>(committed);
      all.addAll(later);
      assertThat(value("SELECT toString(sum(cost_total)) FROM usage_events FINAL")).isEqualTo(SinkEndToEndIT.total(all).toPlainString());
      assertThat(value("SELECT toString(sum(requests)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo("45");
      assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'"))
          .isEqualTo(SinkEndToEndIT.total(all).toPlainString());
    }
  }

  private String value(String sql) {
    return ch.query(sql + " FORMAT TabSeparated").strip();
  }
}
