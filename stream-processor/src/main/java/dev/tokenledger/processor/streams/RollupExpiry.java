package dev.tokenledger.processor.streams;

import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionSeen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops rollup buckets and session marks whose period ended more than the grace before stream time
 * (ADR 0204). {@link RollupProcessor} indexes them in {@code rollup-expiry} as it creates them, under
 * {@link #key}: {@code <period end>|B|<rollup key>} for a bucket (wherever it lives: current entry or
 * older store) and {@code <period end>|N|<orgId>|<session>} for the marks of a session (at the end of
 * the latest week or month it was newly seen in, ADR 0228). Each due index entry is resolved and deleted;
 * an {@code S|} entry of layout 2 (marks per dimension value and session, moved at start-up by
 * {@link SessionMarksMigration}) has nothing left to resolve and is only deleted.
 *
 * <p>It shares the processor's stores and read caches (the same objects, handed over at {@code init})
 * and runs in the processor's punctuation, never per event; every change is written to the stores, so
 * it commits in the punctuation's transaction.
 */
final class RollupExpiry {

  /** Expiry-index target prefixes: a bucket, the marks of a session (layout 3), of a session in one dimension value (layout 2). */
  static final String BUCKET = "B|";
  static final String SEEN = "N|";
  static final String LEGACY_SESSION = "S|";

  private final KeyValueStore<String, Long> expiry;
  private final KeyValueStore<String, RollupBuckets> current;
  private final KeyValueStore<String, RollupBuckets> older;
  private final KeyValueStore<String, SessionSeen> sessions;
  private final Map<String, RollupBuckets> currentCache;
  private final Map<String, RollupBuckets> olderCache;
  private final Map<String, SessionSeen> sessionCache;

  RollupExpiry(KeyValueStore<String, Long> expiry, KeyValueStore<String, RollupBuckets> current,
      KeyValueStore<String, RollupBuckets> older, KeyValueStore<String, SessionSeen> sessions,
      Map<String, RollupBuckets> currentCache, Map<String, RollupBuckets> olderCache, Map<String, SessionSeen> sessionCache) {
    this.expiry = expiry;
    this.current = current;
    this.older = older;
    this.sessions = sessions;
    this.currentCache = currentCache;
    this.olderCache = olderCache;
    this.sessionCache = sessionCache;
  }

  /** {@code <period end millis, zero-padded to 15 digits>|<target>}: sorts by period end. */
  static String key(long periodEndMillis, String target) {
    String millis = Long.toString(periodEndMillis);
    StringBuilder b = new StringBuilder(16 + target.length());
    for (int i = millis.length(); i < 15; i++) {
      b.append('0');
    }
    return b.append(millis).append('|').append(target).toString();
  }

  /** Drops what ended more than {@code graceMillis} before {@code streamTime} ({@link Long#MIN_VALUE}: none yet). */
  void expire(long streamTime, long graceMillis) {
    long horizon = streamTime - graceMillis;
    if (streamTime == Long.MIN_VALUE || horizon <= 0) {
      return;
    }
    List<KeyValue<String, Long>> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = expiry.range(key(0, ""), key(horizon, "~"))) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, Long> kv : due) {
      if (kv.value > horizon) {
        continue;
      }
      String target = kv.key.substring(kv.key.indexOf('|') + 1);
      if (target.startsWith(SEEN)) {
        expireSessionMarks(target.substring(SEEN.length()), horizon);
      } else if (target.startsWith(BUCKET)) {
        expireBucket(target.substring(BUCKET.length()));
      }
      expiry.delete(kv.key);
    }
  }

  private void expireBucket(String rollupKey) {
    if (olderCache.remove(rollupKey) != null || older.get(rollupKey) != null) {
      older.delete(rollupKey);
      return;
    }
    RollupKey k = RollupKey.parse(rollupKey);
    String entryKey = RollupKey.entry(k.orgId(), k.dimension(), k.value());
    RollupBuckets cur = currentCache.get(entryKey);
    if (cur == null) {
      cur = current.get(entryKey);
    }
    RollupBucket b = cur == null ? null : cur.get(k.period());
    if (b != null && b.start() == k.periodStart().toEpochMilli()) {
      cur.remove(k.period());
      if (cur.isEmpty()) {
        current.delete(entryKey);
        currentCache.remove(entryKey);
      } else {
        current.put(entryKey, cur);
      }
    }
  }

  private void expireSessionMarks(String sessionKey, long horizon) {
    SessionSeen marks = sessionCache.get(sessionKey);
    if (marks == null) {
      marks = sessions.get(sessionKey);
    }
    if (marks == null) {
      return;
    }
    marks.dropEndedBy(horizon);
    if (marks.isEmpty()) {
      sessions.delete(sessionKey);
      sessionCache.remove(sessionKey);
    } else {
      sessions.put(sessionKey, marks);
    }
  }
}
