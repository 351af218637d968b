package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order that makes the warehouse exact across kills: insert, then rejections acknowledged, then the
 * offsets committed — the positions taken when the batch was handed to the writer, never later ones.
 */
class BatchFlusherTest {

  private final TopicPartition tp = new TopicPartition("priced", 0);
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<String, RejectedEvent> producer =
      new MockProducer<>(false, null, new StringSerializer(), (topic, value) -> new byte[0]);
  private final SinkMetrics metrics = new SinkMetrics();
  private final OffsetCommitter committer = new OffsetCommitter(consumer);
  private final RejectPublisher rejects = new RejectPublisher(producer, "rejected", Clock.systemUTC());
  private final List<Integer> inserted = new CopyOnWriteArrayList<>();
  private final CountDownLatch insertMayFinish = new CountDownLatch(1);
  private RuntimeException insertFailure;
  private boolean rejectFirstRecord;
  private boolean failed;
  private final BatchFlusher flusher = new BatchFlusher(committer, this::insert, rejects, metrics, () -> failed);

  private int[] insert(PendingBatch batch) {
    try {
      insertMayFinish.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (insertFailure != null) {
      throw insertFailure;
    }
    if (rejectFirstRecord) {
      rejects.reject(new ConsumerRecord<>(tp.topic(), tp.partition(), 0, null, new byte[] {1}), RejectReason.UNWRITABLE, "refused",
          "evt-0", null);
    }
    inserted.add(batch.records());
    return new int[] {batch.records(), 0};
  }

  @BeforeEach
  void assign() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    committer.assigned(tp, 0);
  }

  @AfterEach
  void close() {
    insertMayFinish.countDown();
    flusher.close();
  }

  /** Routes offsets [from, to) into the current batch and moves the consumer's position past them. */
  private void read(long from, long to) {
    for (long o = from; o < to; o++) {
      flusher.current().consumed(tp, o, 0);
    }
    consumer.seek(tp, to);
  }

  private Long committed() {
    OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
    return o == null ? null : o.offset();
  }

  @Test
  void aBatchIsCommittedAtThePositionItWasHandedOverWithAndOnlyAfterItsInsert() {
    read(0, 10);
    flusher.startWrite();
    read(10, 15);   // the next batch fills while the first is written
    flusher.commitIfWritten();
    assertThat(committed()).isNull();

    insertMayFinish.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      flusher.commitIfWritten();
      return committed() != null;
    });
    assertThat(committed()).isEqualTo(10);
    assertThat(inserted).containsExactly(10);
    assertThat(metrics.committedBatches()).isEqualTo(1);
    assertThat(flusher.current().records()).isEqualTo(5);

    flusher.flush();
    assertThat(inserted).containsExactly(10, 5);
    assertThat(committed()).isEqualTo(15);
  }

  @Test
  void aBatchWhoseInsertFailedIsNotCommitted() {
    insertFailure = new IllegalStateException("ClickHouse refused the statement");
    insertMayFinish.countDown();
    read(0, 3);
    assertThatThrownBy(flusher::flush).isSameAs(insertFailure);
    assertThat(committed()).isNull();
    assertThat(metrics.committedBatches()).isZero();
  }

  @Test
  void rejectionsAreAcknowledgedBeforeTheCommitAndABatchWhoseRejectionsFailIsNotCommitted() {
    insertMayFinish.countDown();
    rejectFirstRecord = true;
    read(0, 3);
    flusher.flush();
    assertThat(producer.history()).hasSize(1);
    assertThat(committed()).isEqualTo(3);

    producer.flushException = new KafkaException("broker unreachable");
    read(3, 6);
    assertThatThrownBy(flusher::flush).isInstanceOf(KafkaException.class);
    assertThat(committed()).isEqualTo(3);
  }

  @Test
  void afterTheSinkFailedAFlushWritesAndCommitsNothing() {
    insertMayFinish.countDown();
    read(0, 3);
    failed = true;
    flusher.flush();   // e.g. closing the consumer after a failure revokes the partitions
    assertThat(inserted).isEmpty();
    assertThat(committed()).isNull();
  }

  @Test
  void whenNothingIsPendingAPositionThatMovedOverTransactionMarkersAloneIsCommitted() {
    consumer.seek(tp, 2);   // a commit marker and an aborted record: nothing returned by poll
    flusher.commitIfWritten();
    assertThat(committed()).isEqualTo(2);
    assertThat(inserted).isEmpty();
  }

  @Test
  void aBatchWrittenAfterItsPartitionsWereLostIsNotCommitted() {
    insertMayFinish.countDown();
    read(0, 4);
    flusher.startWrite();
    flusher.awaitWrittenWithoutCommit();
    assertThat(inserted).containsExactly(4);
    assertThat(committed()).isNull();
  }
}
