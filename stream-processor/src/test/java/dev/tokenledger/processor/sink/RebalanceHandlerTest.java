package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RebalanceHandlerTest {

  private final TopicPartition tp0 = new TopicPartition("priced", 0);
  private final TopicPartition tp1 = new TopicPartition("priced", 1);
  private final List<String> queries = new ArrayList<>();
  /** The table holds offset 5 of partition 0, inserted by a predecessor that did not commit. */
  private final ClickHouseClient ch = new ClickHouseClient() {
    @Override
    public void execute(String sql) {}

    @Override
    public String query(String sql) {
      queries.add(sql);
      return sql.contains("kafka_partition = 0 AND kafka_offset >= 5") ? "0\t5\tevt-A\n" : "";
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
  private final InsertLedger ledger = new InsertLedger(ch, new Retrier(
      new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)), d -> {}, System::nanoTime, () -> {}));
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final OffsetCommitter committer = new OffsetCommitter(consumer);
  private final List<Integer> inserted = new ArrayList<>();
  private final BatchFlusher flusher = new BatchFlusher(committer, batch -> {
    inserted.add(batch.records());
    return new int[] {batch.records(), 0};
  }, new RejectPublisher(new MockProducer<String, RejectedEvent>(true, null, new StringSerializer(), (t, v) -> new byte[0]),
      "rejected", Clock.systemUTC()), new SinkMetrics(), () -> false);
  private final RebalanceHandler handler = new RebalanceHandler(consumer, flusher, committer, ledger, topic -> "usage_events");

  @BeforeEach
  void assign() {
    consumer.assign(List.of(tp0, tp1));
    consumer.updateBeginningOffsets(Map.of(tp0, 0L, tp1, 0L));
    consumer.seek(tp0, 5);
    consumer.seek(tp1, 2);
  }

  @AfterEach
  void close() {
    flusher.close();
  }

  private Long committed(TopicPartition tp) {
    OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
    return o == null ? null : o.offset();
  }

  @Test
  void assignedPartitionsLoadTheLedgerFromTheirPositionWithOneQueryPerTopic() {
    handler.onPartitionsAssigned(List.of(tp0, tp1));
    assertThat(queries).singleElement().satisfies(q -> assertThat(q)
        .contains("FROM usage_events").contains("kafka_partition = 0 AND kafka_offset >= 5").contains("kafka_partition = 1 AND kafka_offset >= 2"));
    assertThat(ledger.alreadyInserted(tp0, 5)).isTrue();
    assertThat(ledger.alreadyInserted(tp1, 2)).isFalse();
    assertThat(committer.positionsToCommit()).isEmpty();   // the positions at assignment count as committed
  }

  @Test
  void revokedPartitionsAreWrittenAndCommittedFirstAndTheirLedgerIsForgotten() {
    handler.onPartitionsAssigned(List.of(tp0, tp1));
    flusher.current().consumed(tp1, 2, 0);
    consumer.seek(tp1, 3);
    handler.onPartitionsRevoked(List.of(tp0, tp1));
    assertThat(inserted).containsExactly(1);
    assertThat(committed(tp1)).isEqualTo(3);
    assertThat(ledger.alreadyInserted(tp0, 5)).isFalse();
  }

  @Test
  void lostPartitionsCommitNothingAndThePartitionsKeptAreReadAgainFromTheirFirstUncommittedRecord() {
    handler.onPartitionsAssigned(List.of(tp0, tp1));
    queries.clear();
    flusher.current().consumed(tp0, 6, 0);
    flusher.current().consumed(tp1, 2, 0);
    consumer.seek(tp0, 9);
    consumer.seek(tp1, 4);
    handler.onPartitionsLost(List.of(tp1));
    assertThat(inserted).isEmpty();
    assertThat(flusher.current().isEmpty()).isTrue();
    assertThat(committed(tp0)).isNull();
    assertThat(committed(tp1)).isNull();
    assertThat(consumer.position(tp0)).isEqualTo(6);
    assertThat(queries).singleElement().satisfies(q -> assertThat(q).contains("kafka_partition = 0 AND kafka_offset >= 6"));
  }
}
