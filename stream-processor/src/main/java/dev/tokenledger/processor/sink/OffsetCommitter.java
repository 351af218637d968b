package dev.tokenledger.processor.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's side of the offset protocol (ADR 0300, 0304), on the consumer thread. What is committed is
 * the consumer's <em>position</em> of each assigned partition, not "last record + 1": on transactional
 * input every transaction ends with a marker the consumer steps over, and only the position reaches the
 * log end. {@link BatchFlusher} takes the positions when it hands a batch to the writer and commits them
 * here only after the batch's rows are inserted and its rejections acknowledged; a crash in between
 * leaves rows in the warehouse that the {@link InsertLedger} of the next owner finds and skips.
 *
 * <p>It keeps the offset last committed per assigned partition (seeded with the position at assignment),
 * so only positions that moved are committed. Nothing is committed for partitions no longer assigned. A
 * rebalance that fails a commit is logged, not fatal: the rows are in the warehouse and the next owner's
 * ledger skips them. A stop request's wakeup landing in a commit or a position lookup is absorbed (the
 * call is repeated, up to {@link #MAX_WAKEUPS_PER_CALL} times) so that a stop still commits.
 */
final class OffsetCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);
  /** Wakeups (stop requests) a commit or position lookup absorbs before giving up. */
  static final int MAX_WAKEUPS_PER_CALL = 3;

  private final Consumer<byte[], byte[]> consumer;
  /** The offset last committed (or found committed at assignment) per assigned partition. */
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  OffsetCommitter(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /** Notes the position a partition starts from when assigned (its committed offset or the reset position). */
  void assigned(TopicPartition tp, long position) {
    committed.put(tp, position);
  }

  void unassigned(Collection<TopicPartition> partitions) {
    partitions.forEach(committed::remove);
  }

  /** The position of every assigned partition that moved past its last commit. */
  Map<TopicPartition, OffsetAndMetadata> positionsToCommit() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      long position = position(tp);
      Long last = committed.get(tp);
      if (last == null || position > last) {
        out.put(tp, new OffsetAndMetadata(position));
      }
    }
    return out;
  }

  /** Commits the offsets of partitions still assigned; false if the group rebalanced meanwhile. */
  boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(offsets);
    owned.keySet().retainAll(consumer.assignment());
    if (owned.isEmpty()) {
      return true;
    }
    try {
      commitSync(owned);
      owned.forEach((tp, o) -> committed.put(tp, o.offset()));
      return true;
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // the rows are in the warehouse; the partition's next owner finds them in the insert ledger
      LOG.warn("sink: offsets not committed (group rebalanced); the next owner skips the inserted rows: {}", e.getMessage());
      return false;
    }
  }

  /**
   * Commits synchronously. A stop request wakes the consumer (once per stop call, and a shutdown may call
   * it more than once); a wakeup that lands in the commit must not fail the stop, so the commit is
   * repeated — the poll loop sees the stop next.
   */
  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    for (int wakeups = 0; ; wakeups++) {
      try {
        consumer.commitSync(offsets);
        return;
      } catch (WakeupException e) {
        if (wakeups >= MAX_WAKEUPS_PER_CALL) {
          throw e;
        }
      }
    }
  }

  private long position(TopicPartition tp) {
    for (int wakeups = 0; ; wakeups++) {
      try {
        return consumer.position(tp);
      } catch (WakeupException e) {
        if (wakeups >= MAX_WAKEUPS_PER_CALL) {
          throw e;
        }
      }
    }
  }
}
