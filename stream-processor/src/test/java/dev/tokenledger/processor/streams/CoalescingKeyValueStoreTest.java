package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-behind store on the topology test driver (which commits after every input record): puts
 * and deletes within a record are pending and visible to reads, and the commit writes them to the
 * store underneath (Kafka Streams calls {@code flushCache} before committing the offsets).
 */
class CoalescingKeyValueStoreTest {

  private static final String STORE = "counts";
  /** What the processor saw of the store while it processed a record: pending entries, and a read. */
  private final List<String> seen = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;

  private void start() {
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.Long())));
    b.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(() -> new Processor<String, String, Void, Void>() {
      private KeyValueStore<String, Long> store;
      private CoalescingKeyValueStore<?, ?> coalescing;

      @Override
      public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
      }

      @Override
      public void process(Record<String, String> r) {
        if (coalescing == null) {
          coalescing = (CoalescingKeyValueStore<?, ?>) driver.getKeyValueStore(STORE);
        }
        // three puts of one key and a put-then-delete of another: two pending entries, the last values
        for (int i = 0; i < 3; i++) {
          Long n = store.get(r.key());
          store.put(r.key(), n == null ? 1 : n + 1);
        }
        store.put("gone", 7L);
        store.delete("gone");
        seen.add(coalescing.pendingCount() + " pending, " + r.key() + "=" + store.get(r.key()) + ", gone=" + store.get("gone"));
      }
    }, STORE);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "coalescing-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(b.build(), p);
    input = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void valuesPutWhileProcessingAreReadBackAndWrittenThroughAtTheCommit() {
    start();
    CoalescingKeyValueStore<String, Long> store = (CoalescingKeyValueStore<String, Long>) driver.<String, Long>getKeyValueStore(STORE);

    input.pipeInput("a", "x");
    assertThat(seen).containsExactly("2 pending, a=3, gone=null");
    assertThat(store.pendingCount()).as("written through at the commit after the record").isZero();
    assertThat(store.get("a")).isEqualTo(3L);

    input.pipeInput("a", "y");
    input.pipeInput("b", "z");
    assertThat(seen).containsExactly("2 pending, a=3, gone=null", "2 pending, a=6, gone=null", "2 pending, b=3, gone=null");
    assertThat(store.pendingCount()).isZero();
    List<String> content = new ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> content.add(kv.key + "=" + kv.value));
    }
    assertThat(content).containsExactly("a=6", "b=3");
  }

  @Test
  void aClearedCacheDropsWhatWasPendingAndRangeReadsSeePendingValues() {
    start();
    CoalescingKeyValueStore<String, Long> store = (CoalescingKeyValueStore<String, Long>) driver.<String, Long>getKeyValueStore(STORE);
    input.pipeInput("a", "x");

    store.put("a", 100L);
    store.put("c", 1L);
    assertThat(store.get("a")).isEqualTo(100L);
    store.clearCache();   // what Kafka Streams does when a transaction is aborted
    assertThat(store.get("a")).as("the committed value").isEqualTo(3L);
    assertThat(store.get("c")).isNull();

    store.put("c", 1L);
    List<String> range = new ArrayList<>();
    try (var it = store.range("b", "d")) {
      it.forEachRemaining(kv -> range.add(kv.key + "=" + kv.value));
    }
    assertThat(range).containsExactly("c=1");
  }
}
