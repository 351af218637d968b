package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetCommitterTest {

  private final TopicPartition tp0 = new TopicPartition("priced", 0);
  private final TopicPartition tp1 = new TopicPartition("priced", 1);
  /** Commits throw the queued failures first. */
  private final AtomicInteger wakeups = new AtomicInteger();
  private KafkaException commitFailure;
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (wakeups.getAndDecrement() > 0) {
        throw new WakeupException();
      }
      if (commitFailure != null) {
        throw commitFailure;
      }
      super.commitSync(offsets);
    }
  };
  private final OffsetCommitter committer = new OffsetCommitter(consumer);

  @BeforeEach
  void assign() {
    consumer.assign(List.of(tp0, tp1));
    consumer.updateBeginningOffsets(Map.of(tp0, 0L, tp1, 0L));
    consumer.seek(tp0, 5);
    consumer.seek(tp1, 3);
    committer.assigned(tp0, 5);
    committer.assigned(tp1, 3);
  }

  private Long committed(TopicPartition tp) {
    OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
    return o == null ? null : o.offset();
  }

  @Test
  void onlyPositionsThatMovedPastTheLastCommitAreCommitted() {
    assertThat(committer.positionsToCommit()).isEmpty();
    consumer.seek(tp0, 8);   // records (or transaction markers) read up to offset 7
    Map<TopicPartition, OffsetAndMetadata> offsets = committer.positionsToCommit();
    assertThat(offsets).containsExactly(Map.entry(tp0, new OffsetAndMetadata(8)));
    assertThat(committer.commit(offsets)).isTrue();
    assertThat(committed(tp0)).isEqualTo(8);
    assertThat(committed(tp1)).isNull();
    assertThat(committer.positionsToCommit()).isEmpty();
  }

  @Test
  void nothingIsCommittedForAPartitionNoLongerAssigned() {
    consumer.seek(tp1, 9);
    Map<TopicPartition, OffsetAndMetadata> offsets = committer.positionsToCommit();
    consumer.assign(List.of(tp0));
    committer.unassigned(List.of(tp1));
    assertThat(committer.commit(offsets)).isTrue();
    assertThat(committed(tp1)).isNull();
  }

  @Test
  void stopRequestsWakingACommitAreAbsorbedABoundedNumberOfTimes() {
    consumer.seek(tp0, 6);
    wakeups.set(OffsetCommitter.MAX_WAKEUPS_PER_CALL);
    assertThat(committer.commit(committer.positionsToCommit())).isTrue();
    assertThat(committed(tp0)).isEqualTo(6);

    consumer.seek(tp0, 7);
    wakeups.set(OffsetCommitter.MAX_WAKEUPS_PER_CALL + 1);
    assertThatThrownBy(() -> committer.commit(committer.positionsToCommit())).isInstanceOf(WakeupException.class);
    assertThat(committed(tp0)).isEqualTo(6);
  }

  @Test
  void aCommitFailedByARebalanceIsNotFatalAndThePositionStaysToCommit() {
    consumer.seek(tp0, 6);
    commitFailure = new CommitFailedException("group rebalanced");
    assertThat(committer.commit(committer.positionsToCommit())).isFalse();
    assertThat(committed(tp0)).isNull();
    commitFailure = null;
    assertThat(committer.positionsToCommit()).containsKey(tp0);
  }
}
