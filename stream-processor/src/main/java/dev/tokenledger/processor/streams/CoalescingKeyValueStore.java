package dev.tokenledger.processor.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A write-behind layer of live objects in front of a key-value store (ADR 0223): {@code put} only
 * remembers the value object, and the values put since the last commit are serialized and written to
 * the store underneath (and so to its changelog) once each, when the task prepares its commit — in
 * the same transaction as the offsets of the records that changed them, as Kafka Streams' own record
 * cache does, but without encoding the value and inserting it into a byte-keyed tree on every put.
 *
 * <p>Values are kept by reference: a processor that changes a value object after putting it writes the
 * latest state at the commit, which is what it would have put again anyway. Reads see pending values
 * first; range reads write the pending values through first and then read the store, so they always
 * see everything. Pending values are dropped when the task's stores are closed or their cache cleared
 * (an aborted transaction: the store is restored from the changelog).
 *
 * <p>The hook is Kafka Streams' {@code CachedStateStore.flushCache}, which the state manager calls on
 * every cached store before the record collector is flushed and the offsets are committed (an internal
 * interface; {@code CoalescingKeyValueStoreTest} pins the behaviour with the topology test driver).
 */
final class CoalescingKeyValueStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

  private static final Object DELETED = new Object();

  private final KeyValueStore<K, V> inner;
  /** Values put (or {@link #DELETED}) since the last write-through, by key. */
  private final Map<K, Object> pending = new HashMap<>();

  CoalescingKeyValueStore(KeyValueStore<K, V> inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    pending.clear();
    inner.init(context, root);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(K key) {
    Object v = pending.get(key);
    if (v != null) {
      return v == DELETED ? null : (V) v;
    }
    return inner.get(key);
  }

  @Override
  public void put(K key, V value) {
    pending.put(key, value == null ? DELETED : value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    for (KeyValue<K, V> kv : entries) {
      put(kv.key, kv.value);
    }
  }

  @Override
  public V delete(K key) {
    V old = get(key);
    pending.put(key, DELETED);
    return old;
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    writeThrough();
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    writeThrough();
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    writeThrough();
    return inner.all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    writeThrough();
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
    writeThrough();
    return inner.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries() + pending.size();
  }

  /** Number of values waiting for the next commit. */
  int pendingCount() {
    return pending.size();
  }

  /** Writes the pending values to the store underneath: one serialization and store write per changed key. */
  @SuppressWarnings("unchecked")
  private void writeThrough() {
    if (pending.isEmpty()) {
      return;
    }
    List<KeyValue<K, V>> batch = new ArrayList<>(pending.size());
    for (Map.Entry<K, Object> e : pending.entrySet()) {
      Object v = e.getValue();
      batch.add(KeyValue.pair(e.getKey(), v == DELETED ? null : (V) v));
    }
    pending.clear();
    inner.putAll(batch);
  }

  @Override
  public void flushCache() {
    writeThrough();
  }

  @Override
  public void clearCache() {
    pending.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
    return false;
  }

  /**
   * Only the store underneath: pending values are written in {@link #flushCache()}, before the offsets
   * are committed. This is called after the commit (a checkpoint), when a write would belong to the
   * next transaction; values still pending here were put outside any processed record or punctuation
   * (in a processor's {@code init}) and are written with the next commit.
   */
  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    pending.clear();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    writeThrough();
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
