package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import java.time.ZoneId;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Emits the rollups that changed since the last emission (ADR 0204), from the {@code rollup-dirty}
 * marks that {@link RollupProcessor} writes through while it adds events: {@code C|<entry key>} → bit
 * mask of the changed period slots of a current entry, {@code B|<rollup key>} → an older bucket (or a
 * current one replaced before it was emitted). Each mark becomes one rollup record per changed bucket
 * that still exists, and is deleted from the store — in the punctuation's transaction, together with
 * the records, so the emission is exactly once however the process dies.
 *
 * <p>It shares the processor's stores, read caches and in-memory copy of the marks (the same objects,
 * handed over at {@code init}); it runs on the processor's thread, in its punctuation, never per event.
 */
final class RollupEmitter {

  /** Dirty-key prefixes: a current entry (value = bit mask of changed period slots) or an older bucket. */
  static final String CURRENT = "C|";
  static final String OLDER = "B|";

  private final ProcessorContext<String, Outcome> context;
  private final ZoneId zone;
  private final KeyValueStore<String, RollupBuckets> current;
  private final KeyValueStore<String, RollupBuckets> older;
  private final KeyValueStore<String, Long> dirty;
  private final Map<String, RollupBuckets> currentCache;
  private final Map<String, RollupBuckets> olderCache;
  private final Map<String, Long> dirtyMarks;

  RollupEmitter(ProcessorContext<String, Outcome> context, ZoneId zone, KeyValueStore<String, RollupBuckets> current,
      KeyValueStore<String, RollupBuckets> older, KeyValueStore<String, Long> dirty, Map<String, RollupBuckets> currentCache,
      Map<String, RollupBuckets> olderCache, Map<String, Long> dirtyMarks) {
    this.context = context;
    this.zone = zone;
    this.current = current;
    this.older = older;
    this.dirty = dirty;
    this.currentCache = currentCache;
    this.olderCache = olderCache;
    this.dirtyMarks = dirtyMarks;
  }

  /** Replaces the in-memory marks with the dirty store's content (on init, after a restore). */
  void loadMarks() {
    dirtyMarks.clear();
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        dirtyMarks.put(kv.key, kv.value);
      }
    }
  }

  /** Emits every rollup changed since the last emission and clears the marks. */
  void emitChanged() {
    for (Map.Entry<String, Long> e : dirtyMarks.entrySet()) {
      String key = e.getKey();
      long mask = e.getValue();
      if (key.startsWith(CURRENT)) {
        String entryKey = key.substring(CURRENT.length());
        RollupBuckets cur = currentCache.get(entryKey);
        if (cur == null) {
          cur = current.get(entryKey);
        }
        if (cur != null) {
          RollupKey.Entry entry = RollupKey.parseEntry(entryKey);
          for (int i = 0; i < RollupBuckets.PERIODS.length; i++) {
            RollupBucket b = cur.get(RollupBuckets.PERIODS[i]);
            if ((mask & (1L << i)) != 0 && b != null) {
              emit(b.key(entry.orgId(), entry.dimension(), entry.value()), entry.orgId(), entry.dimension(), entry.value(), b);
            }
          }
        }
      } else {
        String rollupKey = key.substring(OLDER.length());
        RollupBuckets alone = olderCache.get(rollupKey);
        if (alone == null) {
          alone = older.get(rollupKey);
        }
        if (alone != null) {
          RollupKey k = RollupKey.parse(rollupKey);
          RollupBucket b = alone.get(k.period());
          if (b != null) {
            emit(rollupKey, k.orgId(), k.dimension(), k.value(), b);
          }
        }
      }
      dirty.put(key, null);   // a delete that does not read the old value back (ADR 0228)
    }
    dirtyMarks.clear();
  }

  private void emit(String key, String org, Scope dim, String value, RollupBucket b) {
    var rollup = b.toRollup(org, dim, value, zone);
    context.forward(new Record<String, Outcome>(key, new Outcome.Rollup(rollup), context.currentSystemTimeMs()), NodeNames.ROLLUPS_SINK);
  }
}
