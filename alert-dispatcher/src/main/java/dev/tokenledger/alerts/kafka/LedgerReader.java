package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted delivery ledger (read_committed, every partition, no group) into a
 * {@link DeliveryLedger}: from the start once, then on each call only what was added since. Called before
 * the first breach is read and whenever partitions are assigned, so settlements made by a previous owner
 * of a partition are known before its breaches are.
 *
 * <p>A call reads up to everything written when it began, committed or not yet: a transaction another
 * instance committed a moment ago may still lack its commit markers, and its records would be invisible
 * for those milliseconds. Only when transactions stay open longer than {@code settle} (an instance died
 * with one open; the broker aborts it after its transaction timeout) does the call go on with what is
 * committed.
 */
final class LedgerReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerReader.class);
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final Consumer<String, byte[]> consumer;
  private final Admin admin;
  private final String topic;
  private final List<TopicPartition> partitions;

  LedgerReader(Consumer<String, byte[]> consumer, Admin admin, String topic) {
    this.consumer = consumer;
    this.admin = admin;
    this.topic = topic;
    List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60));
    this.partitions = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what the ledger holds now (see the class comment); returns the records read. */
  int catchUp(DeliveryLedger ledger, Duration timeout) {
    if (partitions.isEmpty()) {
      return 0;   // the topic does not exist (yet): nothing was ever settled
    }
    Map<TopicPartition, Long> written = written();
    long start = System.nanoTime();
    int read = 0;
    while (true) {
      read += readTo(consumer.endOffsets(partitions, timeout), ledger, start + timeout.toNanos());
      if (reached(written)) {
        return read;
      }
      if (System.nanoTime() - start > SETTLE.toNanos()) {
        LOG.info("ledger transactions still open after {} s (an instance that died while writing?): going on with what"
            + " is committed", SETTLE.toSeconds());
        return read;
      }
    }
  }

  /** Reads up to {@code end} (committed records only), polling at most until {@code deadlineNanos}. */
  private int readTo(Map<TopicPartition, Long> end, DeliveryLedger ledger, long deadlineNanos) {
    int read = 0;
    do {
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalStateException("the delivery ledger " + topic + " could not be read to its end in time");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.key() != null && r.value() == null) {
          try {
            ledger.forget(DeliveryKey.parse(r.key()));   // a tombstone: the pair's breach is gone (LedgerExpiry)
          } catch (IllegalArgumentException e) {
            LOG.warn("skipping {}", e.getMessage());
          }
        } else if (r.key() != null) {
          try {
            ledger.record(LedgerCodec.fromLedger(r.key(), r.value()));
            read++;
          } catch (IllegalArgumentException e) {
            LOG.warn("skipping {}", e.getMessage());
          }
        }
      }
    } while (!reached(end));
    return read;
  }

  /** The end of each partition including records of transactions not decided yet. */
  private Map<TopicPartition, Long> written() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> out = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
          .get(60, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the ledger's offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the offsets of " + topic + ": " + e.getMessage(), e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
