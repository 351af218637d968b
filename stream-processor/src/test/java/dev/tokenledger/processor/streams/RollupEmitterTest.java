package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.junit.jupiter.api.Test;

/** The emission of dirty rollups, on the processor's stores without a topology. */
class RollupEmitterTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final Instant T = Instant.parse("2026-01-14T10:15:00Z");
  private static final String ENTRY = RollupKey.entry("acme", Scope.TEAM, "platform");
  private final CalendarPeriods periods = new CalendarPeriods(ZONE);
  private final RollupStoresFixture s = new RollupStoresFixture();
  private final RollupEmitter emitter = new RollupEmitter(s.context, ZONE, s.current, s.older, s.dirty, s.currentCache,
      s.olderCache, s.dirtyMarks);

  private RollupBucket bucket(Period p, Instant t) {
    return RollupBucket.empty(periods.of(p, t));
  }

  private void mark(String key, long slots) {
    s.dirty.put(key, slots);
    s.dirtyMarks.put(key, slots);
  }

  private Map<String, UsageRollup> emitted() {
    Map<String, UsageRollup> out = new LinkedHashMap<>();
    for (CapturedForward<? extends String, ? extends Outcome> f : s.context.forwarded()) {
      assertThat(f.record().timestamp()).isEqualTo(RollupStoresFixture.NOW);
      out.put(f.record().key(), ((Outcome.Rollup) f.record().value()).value());
    }
    return out;
  }

  @Test
  void aCurrentEntryEmitsTheBucketsOfItsMarkedSlotsThatExistAndTheMarkIsDeleted() {
    RollupBuckets entry = new RollupBuckets("acme");
    RollupBucket hour = bucket(Period.HOUR, T);
    entry.put(hour);
    entry.put(bucket(Period.DAY, T));
    entry.put(bucket(Period.MONTH, T));
    s.current.put(ENTRY, entry);
    long hourAndWeek = 1L << RollupBuckets.slot(Period.HOUR) | 1L << RollupBuckets.slot(Period.WEEK);
    mark(RollupEmitter.CURRENT + ENTRY, hourAndWeek);   // the day changed earlier and was emitted; no week bucket

    emitter.emitChanged();

    String hourKey = hour.key("acme", Scope.TEAM, "platform");
    assertThat(emitted()).containsOnlyKeys(hourKey);
    UsageRollup r = emitted().get(hourKey);
    assertThat(r.getOrgId()).isEqualTo("acme");
    assertThat(r.getDimension()).isEqualTo(Scope.TEAM);
    assertThat(r.getDimensionValue()).isEqualTo("platform");
    assertThat(r.getPeriod()).isEqualTo(Period.HOUR);
    assertThat(r.getPeriodStart()).isEqualTo(periods.of(Period.HOUR, T).start());
    assertThat(r.getTimeZone()).isEqualTo(ZONE.getId());
    assertThat(s.dirtyMarks).isEmpty();
    assertThat(s.dirty.get(RollupEmitter.CURRENT + ENTRY)).isNull();
  }

  @Test
  void anOlderBucketIsEmittedFromTheCacheOrTheStoreAndAMarkWithoutItsBucketEmitsNothing() {
    RollupBucket inCache = bucket(Period.HOUR, T.minusSeconds(7200));
    RollupBucket inStore = bucket(Period.DAY, T.minusSeconds(86_400));
    String cachedKey = inCache.key("acme", Scope.TEAM, "platform");
    String storedKey = inStore.key("acme", Scope.TEAM, "platform");
    String goneKey = bucket(Period.HOUR, T.minusSeconds(3600)).key("acme", Scope.TEAM, "platform");
    RollupBuckets alone = new RollupBuckets("acme");
    alone.put(inCache);
    s.olderCache.put(cachedKey, alone);   // only in the cache: read from there
    RollupBuckets other = new RollupBuckets("acme");
    other.put(inStore);
    s.older.put(storedKey, other);
    mark(RollupEmitter.OLDER + cachedKey, 1L << RollupBuckets.slot(Period.HOUR));
    mark(RollupEmitter.OLDER + storedKey, 1L << RollupBuckets.slot(Period.DAY));
    mark(RollupEmitter.OLDER + goneKey, 1L << RollupBuckets.slot(Period.HOUR));
    mark(RollupEmitter.CURRENT + RollupKey.entry("acme", Scope.USER, "gone"), 1L);   // an entry that expired

    emitter.emitChanged();

    assertThat(emitted()).containsOnlyKeys(cachedKey, storedKey);
    assertThat(emitted().get(storedKey).getPeriod()).isEqualTo(Period.DAY);
    assertThat(s.dirtyMarks).isEmpty();
    assertThat(RollupStoresFixture.count(s.dirty)).isZero();
  }

  @Test
  void nothingMarkedEmitsNothingAndLoadingReplacesTheMarksWithTheStore() {
    emitter.emitChanged();
    assertThat(s.context.forwarded()).isEmpty();

    s.dirtyMarks.put("C|stale", 1L);   // left by an aborted transaction
    s.dirty.put(RollupEmitter.CURRENT + ENTRY, 3L);
    s.dirty.put(RollupEmitter.OLDER + "k", 1L);
    emitter.loadMarks();
    assertThat(s.dirtyMarks).containsOnly(Map.entry(RollupEmitter.CURRENT + ENTRY, 3L), Map.entry(RollupEmitter.OLDER + "k", 1L));
  }
}
