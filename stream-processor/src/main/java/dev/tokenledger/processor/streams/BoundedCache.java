package dev.tokenledger.processor.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of bounded size that drops its oldest insertions first: a processor-local read cache in front
 * of a state store. Insertion order, not access order (ADR 0223): a hit is a plain hash look-up instead
 * of relinking the entry on every read, which the rollups do ~16 times per event; an evicted hot entry
 * costs one store read.
 * It only ever holds values that are also in the store (write-through), so dropping it is always safe;
 * processors clear it in {@code init} so a re-initialised task never sees values of an aborted
 * transaction.
 */
final class BoundedCache<K, V> extends LinkedHashMap<K, V> {

  private static final long serialVersionUID = 1L;
  private final int maxEntries;

  BoundedCache(int maxEntries) {
    super(Math.min(maxEntries, 1 << 16), 0.75f, false);
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
