package dev.tokenledger.processor.streams;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a {@link CoalescingKeyValueStore} over a key-value store built without Kafka Streams' record
 * cache (the write-behind layer replaces it: two caches would encode every value twice).
 */
final class CoalescingStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {

  private final StoreBuilder<KeyValueStore<K, V>> inner;

  private CoalescingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner) {
    this.inner = inner.withCachingDisabled();
  }

  /** The store of {@code inner} (logged as configured there) behind a write-behind layer of live objects. */
  static <K, V> CoalescingStoreBuilder<K, V> over(StoreBuilder<KeyValueStore<K, V>> inner) {
    return new CoalescingStoreBuilder<>(inner);
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
    throw new UnsupportedOperationException("a coalescing store is its own cache");
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
    inner.withLoggingDisabled();
    return this;
  }

  @Override
  public KeyValueStore<K, V> build() {
    return new CoalescingKeyValueStore<>(inner.build());
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
