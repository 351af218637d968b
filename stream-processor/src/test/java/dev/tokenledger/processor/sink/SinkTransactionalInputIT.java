package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  private final InProcessSink sinkRun = new InProcessSink("sink_txn");

  @AfterEach
  void cleanUp() {
    sinkRun.close();
  }

  @Test
  void commitsPastTransactionMarkersSoTheLagReachesZeroAndLoadsOnlyCommittedEvents() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      List<PricedUsage> committed = PricedEvents.batch("txn-", 40);
      List<PricedUsage> aborted = PricedEvents.batch("aborted-", 10);
      String txnId = fx.prefix + "producer";
      fx.publishPricedInTransaction(txnId, Map.of(0, committed.subList(0, 15), 1, committed.subList(15, 25)), true);
      fx.publishPricedInTransaction(txnId, Map.of(2, aborted), false);   // partition 2: aborted batch + marker only
      fx.publishPricedInTransaction(txnId, Map.of(0, committed.subList(25, 40)), true);

      SinkSettings settings = SinkFixture.settings(fx.writeConfig(dir, StackEnv.clickhouseUrl(), sinkRun.database, 500, "30s"));
      Future<Integer> exit = sinkRun.start(settings);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());
      assertThat(fx.committedPriced()).containsEntry(0, 32L).containsEntry(1, 11L).containsEntry(2, 11L);

      // more transactional input after an idle period: the lag goes back to exactly 0
      List<PricedUsage> later = PricedEvents.batch("txn-later-", 5);
      fx.publishPricedInTransaction(txnId, Map.of(1, later), true);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());

      sinkRun.app().stop(Duration.ofSeconds(30));
      assertThat(exit.get()).isZero();
      assertThat(value("SELECT count() FROM usage_events")).isEqualTo("45");
      assertThat(value("SELECT count() FROM usage_events FINAL")).isEqualTo("45");
      assertThat(value("SELECT count() FROM usage_events WHERE event_id LIKE 'aborted-%'")).isEqualTo("0");
      List<PricedUsage> all = new java.util.ArrayList<>(committed);
      all.addAll(later);
      assertThat(value("SELECT toString(sum(cost_total)) FROM usage_events FINAL")).isEqualTo(PricedEvents.total(all).toPlainString());
      assertThat(value("SELECT toString(sum(requests)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo("45");
      assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'"))
          .isEqualTo(PricedEvents.total(all).toPlainString());
    }
  }

  private String value(String sql) {
    return sinkRun.value(sql);
  }
}
