package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.delivery.DeliveryLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted delivery ledger (read_committed, every partition, no group) into a
 * {@link DeliveryLedger}: from the start once, then on each call only what was added since, up to the end
 * offsets of the moment of the call. Called before the first breach is read and whenever partitions are
 * assigned, so settlements made by a previous owner of a partition are known before its breaches are.
 */
final class LedgerReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerReader.class);

  private final Consumer<String, byte[]> consumer;
  private final String topic;

  LedgerReader(Consumer<String, byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
    List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60));
    List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
  }

  /** Reads up to the current end (last stable offset) of every partition; returns the records read. */
  int catchUp(DeliveryLedger ledger, Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    int read = 0;
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the delivery ledger " + topic + " was not read to its end within " + timeout);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.key() != null && r.value() != null) {
          try {
            ledger.record(LedgerCodec.fromLedger(r.key(), r.value()));
            read++;
          } catch (IllegalArgumentException e) {
            LOG.warn("skipping {}", e.getMessage());
          }
        }
      }
    }
    return read;
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
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
