package dev.tokenledger.processor.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the batches, the committed offsets and the insert ledger in step with the partitions the group
 * gives this instance. Before partitions go, everything read is written and committed. When partitions
 * come, the ledger loads which offsets at or after their position a predecessor inserted without
 * committing (ADR 0300). When partitions are lost (session expiry), nothing can be committed for them:
 * the write in flight is finished, the batch being filled is dropped, and the partitions still owned are
 * re-read from their first uncommitted record, with their ledger reloaded from there.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);

  private final Consumer<byte[], byte[]> consumer;
  private final BatchFlusher flusher;
  private final OffsetCommitter committer;
  private final InsertLedger ledger;
  /** The table the records of a topic go to. */
  private final UnaryOperator<String> tableOf;

  RebalanceHandler(Consumer<byte[], byte[]> consumer, BatchFlusher flusher, OffsetCommitter committer, InsertLedger ledger,
      UnaryOperator<String> tableOf) {
    this.consumer = consumer;
    this.flusher = flusher;
    this.committer = committer;
    this.ledger = ledger;
    this.tableOf = tableOf;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    flusher.flush();
    committer.unassigned(partitions);
    partitions.forEach(ledger::forget);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<String, Map<TopicPartition, Long>> byTopic = new HashMap<>();
    for (TopicPartition tp : partitions) {
      long position = consumer.position(tp);
      committer.assigned(tp, position);
      byTopic.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp, position);
    }
    byTopic.forEach((topic, positions) -> ledger.loadAll(tableOf.apply(topic), positions).forEach((tp, found) ->
        LOG.info("sink: {} has {} records at or after offset {} already in the warehouse; they will be skipped",
            tp, found, positions.get(tp))));
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    // the batches can no longer be committed: finish the write in flight, drop the rest and re-read
    // the partitions still owned from their first uncommitted record
    try {
      flusher.awaitWrittenWithoutCommit();
    } catch (RuntimeException e) {
      LOG.warn("sink: the batch in flight when partitions were lost failed: {}", e.getMessage());
    }
    Map<TopicPartition, Long> first = flusher.discardCurrent().firstOffsets();
    Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
    kept.removeAll(partitions);
    for (TopicPartition tp : kept) {
      Long offset = first.get(tp);
      if (offset != null) {
        consumer.seek(tp, offset);
        ledger.load(tp, tableOf.apply(tp.topic()), offset);
      }
    }
    committer.unassigned(partitions);
    partitions.forEach(ledger::forget);
    LOG.warn("sink: lost partitions {}; their uncommitted records are left to the next owner", partitions);
  }
}
