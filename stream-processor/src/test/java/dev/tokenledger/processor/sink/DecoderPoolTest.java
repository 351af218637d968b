package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecoderPoolTest {

  private final DecoderPool pool = new DecoderPool(2, 10);
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final Set<RowBinaryWriter> buffers = ConcurrentHashMap.newKeySet();

  @AfterEach
  void close() {
    pool.close();
  }

  private RecordRouter.Prepared oneByteRow(ConsumerRecord<byte[], byte[]> r, RowBinaryWriter scratch) {
    threads.add(Thread.currentThread().getName());
    buffers.add(scratch);
    int start = scratch.size();
    scratch.int64(r.offset());
    return RecordRouter.Prepared.row(r, true, scratch, start, "id-" + r.offset());
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(int n) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ConsumerRecord<>("t", 0, i, new byte[0], new byte[] {1}));
    }
    return out;
  }

  @Test
  void aSmallPollIsDecodedOnTheCallingThread() {
    List<RecordRouter.Prepared> out = pool.prepareAll(records(9), this::oneByteRow);
    assertThat(out).extracting(RecordRouter.Prepared::id).containsExactly("id-0", "id-1", "id-2", "id-3", "id-4", "id-5", "id-6",
        "id-7", "id-8");
    assertThat(threads).containsExactly(Thread.currentThread().getName());
    assertThat(buffers).hasSize(1);
  }

  @Test
  void aLargePollIsSplitIntoChunksEachWithItsOwnBufferAndTheResultKeepsTheRecordOrder() {
    List<ConsumerRecord<byte[], byte[]>> polled = records(30);
    List<RecordRouter.Prepared> out = pool.prepareAll(polled, this::oneByteRow);
    assertThat(out).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(out.get(i).record()).isSameAs(polled.get(i));
      assertThat(out.get(i).rowLength()).isEqualTo(8);
    }
    assertThat(buffers).hasSize(3);   // two decoder threads and the calling thread
    assertThat(threads).contains(Thread.currentThread().getName(), "sink-decoder");
  }

  @Test
  void aRecordTheRegistryCouldNotBeReachedForIsLeftToTheCallerAndOtherFailuresPropagate() {
    List<RecordRouter.Prepared> out = pool.prepareAll(records(30), (r, scratch) -> {
      if (r.offset() == 17) {
        throw new WireFormatException.RegistryUnavailable("registry down", null);
      }
      return oneByteRow(r, scratch);
    });
    assertThat(out.get(17)).isNull();
    assertThat(out.stream().filter(p -> p == null)).hasSize(1);

    assertThatThrownBy(() -> pool.prepareAll(records(30), (r, scratch) -> {
      throw new IllegalStateException("decoder bug at " + r.offset());
    })).isInstanceOf(IllegalStateException.class);
  }
}
