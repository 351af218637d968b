package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.schemas.Topics;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * After a crash between insert and commit, the insert ledger skips the re-delivered records — and a
 * second copy of one of their event ids at a later offset must be dropped too, whether it falls in the
 * same batch or a later one, or the rollups would count the event twice.
 */
class RecordRouterLedgerTest {

  private final Topics topics = Topics.withPrefix("t.");
  private final TopicPartition tp = new TopicPartition(topics.priced(), 0);
  private final List<String> queries = new ArrayList<>();
  /** The table holds offsets 5 and 6 of partition 0 (event ids evt-A and evt-B), inserted but not committed. */
  private final ClickHouseClient ch = new ClickHouseClient() {
    @Override
    public void execute(String sql) {}

    @Override
    public String query(String sql) {
      queries.add(sql);
      return "0\t5\tevt-A\n0\t6\tevt\\tB\n";
    }

    @Override
    public void insert(String insertSql, byte[] body) {}

    @Override
    public void ensureDatabase() {}

    @Override
    public String database() {
      return "test";
    }
  };
  private final SinkMetrics metrics = new SinkMetrics();
  private final InsertLedger ledger = new InsertLedger(ch, new Retrier(
      new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)), d -> {}, System::nanoTime, () -> {}));
  private final RecordRouter router = new RecordRouter(topics, null, null, null, ledger, null, metrics);

  @Test
  void aLedgerHitRegistersItsEventIdSoALaterCopyInTheSameBatchIsDropped() {
    assertThat(ledger.load(tp, "usage_events", 5)).isEqualTo(2);
    assertThat(queries).singleElement().satisfies(q -> assertThat(q).contains("kafka_offset, " + UsageRows.ROW_ID_SQL + " FROM usage_events"));
    PendingBatch batch = new PendingBatch();
    router.apply(usage(5, "evt-A"), batch, 0);
    router.apply(usage(7, "evt-C"), batch, 0);
    router.apply(usage(8, "evt-A"), batch, 0);   // a second copy of evt-A at a later offset
    assertThat(batch.usage.rows()).extracting(PendingRow::eventId).containsExactly("evt-C");
    assertThat(metrics.alreadyInserted()).isEqualTo(1);
    assertThat(batch.records()).isEqualTo(3);
  }

  @Test
  void aRevisionOfALedgerEventIsItsOwnRowNotACopy() {
    ledger.load(tp, "usage_events", 5);
    PendingBatch batch = new PendingBatch();
    router.apply(usage(8, UsageRows.rowId("evt-A", 1)), batch, 0);   // ADR 0145: the revised version of evt-A
    router.apply(usage(9, UsageRows.rowId("evt-A", 1)), batch, 0);   // the same revision again: a copy
    router.apply(usage(10, UsageRows.rowId("evt-A", 0)), batch, 0);  // the first version again: a copy
    assertThat(batch.usage.rows()).extracting(PendingRow::eventId).containsExactly("evt-A#r1");
  }

  @Test
  void aCopyOfALedgerEventIdInALaterBatchIsDroppedToo() {
    ledger.load(tp, "usage_events", 5);
    PendingBatch first = new PendingBatch();
    router.apply(usage(5, "evt-A"), first, 0);
    router.apply(usage(6, "evt\tB"), first, 0);
    assertThat(first.usage.rows()).isEmpty();
    PendingBatch second = new PendingBatch();
    router.apply(usage(9, "evt\tB"), second, 0);
    router.apply(usage(10, "evt-A"), second, 0);
    router.apply(usage(11, "evt-D"), second, 0);
    assertThat(second.usage.rows()).extracting(PendingRow::eventId).containsExactly("evt-D");
  }

  @Test
  void aCopyThatArrivesBeforeTheLedgerHitIsDroppedAndTheHitIsStillSkipped() {
    ledger.loadAll("usage_events", Map.of(tp, 4L));
    PendingBatch batch = new PendingBatch();
    router.apply(usage(4, "evt-A"), batch, 0);   // earlier copy, not itself in the table
    router.apply(usage(5, "evt-A"), batch, 0);   // the inserted copy
    assertThat(batch.usage.rows()).isEmpty();
    assertThat(metrics.alreadyInserted()).isEqualTo(1);
  }

  @Test
  void forgettingAPartitionForgetsItsEventIds() {
    ledger.load(tp, "usage_events", 5);
    ledger.forget(tp);
    PendingBatch batch = new PendingBatch();
    router.apply(usage(5, "evt-A"), batch, 0);
    assertThat(batch.usage.rows()).extracting(PendingRow::eventId).containsExactly("evt-A");
  }

  private RecordRouter.Prepared usage(long offset, String id) {
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[0], new byte[] {1});
    byte[] row = (id + "\n").getBytes(StandardCharsets.UTF_8);
    return new RecordRouter.Prepared(r, true, row, 0, row.length, id, null, null, null);
  }
}
