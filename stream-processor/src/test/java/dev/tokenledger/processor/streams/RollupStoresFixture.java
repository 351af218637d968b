package dev.tokenledger.processor.streams;

import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.rollup.SessionSeen;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The rollup processor's stores (in memory, with the real serdes, so a value read back is a copy) and
 * its read caches, on a mock processor context: for testing the punctuation's parts without a topology.
 */
final class RollupStoresFixture {

  final MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
  final KeyValueStore<String, RollupBuckets> current = store(StoreNames.ROLLUP_CURRENT, RollupStateSerdes.buckets());
  final KeyValueStore<String, RollupBuckets> older = store(StoreNames.ROLLUP_OLDER, RollupStateSerdes.buckets());
  /** Layout 2's session marks (ADR 0228: moved at start-up). */
  final KeyValueStore<String, SessionMarks> legacySessions = store(StoreNames.ROLLUP_SESSIONS, RollupStateSerdes.sessions());
  final KeyValueStore<String, SessionSeen> sessions = store(StoreNames.ROLLUP_SESSION_SEEN, RollupStateSerdes.seen());
  final KeyValueStore<String, Long> dirty = store(StoreNames.ROLLUP_DIRTY, Serdes.Long());
  final KeyValueStore<String, Long> expiry = store(StoreNames.ROLLUP_EXPIRY, Serdes.Long());
  final KeyValueStore<String, Long> clock = store(StoreNames.ROLLUP_CLOCK, Serdes.Long());
  final Map<String, RollupBuckets> currentCache = new BoundedCache<>(100);
  final Map<String, RollupBuckets> olderCache = new BoundedCache<>(100);
  final Map<String, SessionSeen> sessionCache = new BoundedCache<>(100);
  final Map<String, Long> dirtyMarks = new LinkedHashMap<>();

  /** The processor's wall clock, which stamps emitted records. */
  static final long NOW = 1_900_000_000_000L;

  RollupStoresFixture() {
    context.setCurrentSystemTimeMs(NOW);
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().withCachingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  /** How many entries a store holds. */
  static int count(KeyValueStore<String, ?> store) {
    return (int) store.approximateNumEntries();
  }
}
