package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionSeen;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The expiry of buckets and session marks past their grace, on the processor's stores without a topology. */
class RollupExpiryTest {

  private static final long HOUR = 3_600_000L;
  private static final Instant T = Instant.parse("2026-01-14T10:15:00Z");
  private static final String ENTRY = RollupKey.entry("acme", Scope.USER, "alice");
  private final CalendarPeriods periods = new CalendarPeriods(ZoneOffset.UTC);
  private final RollupStoresFixture s = new RollupStoresFixture();
  private final RollupExpiry expiration = new RollupExpiry(s.expiry, s.current, s.older, s.sessions, s.currentCache,
      s.olderCache, s.sessionCache);

  private RollupBucket bucket(Period p, Instant t) {
    return RollupBucket.empty(periods.of(p, t));
  }

  private void index(RollupBucket b) {
    s.expiry.put(RollupExpiry.key(b.end(), RollupExpiry.BUCKET + b.key("acme", Scope.USER, "alice")), b.end());
  }

  @Test
  void indexKeysSortByPeriodEnd() {
    assertThat(RollupExpiry.key(1_767_225_600_000L, "B|x")).isEqualTo("001767225600000|B|x");
    assertThat(RollupExpiry.key(99_999, "S|y").compareTo(RollupExpiry.key(100_000, "B|a"))).isNegative();
  }

  @Test
  void anOlderBucketPastItsGraceIsDroppedFromStoreAndCacheAndOneInsideItStays() {
    RollupBucket past = bucket(Period.HOUR, T.minusMillis(3 * HOUR));
    RollupBucket inside = bucket(Period.HOUR, T.minusMillis(HOUR));
    for (RollupBucket b : new RollupBucket[] {past, inside}) {
      RollupBuckets alone = new RollupBuckets("acme");
      alone.put(b);
      String key = b.key("acme", Scope.USER, "alice");
      s.older.put(key, alone);
      s.olderCache.put(key, alone);
      index(b);
    }
    long streamTime = T.toEpochMilli();

    expiration.expire(streamTime, HOUR);   // horizon 09:15: the 07:00 hour ended at 08:00, the 09:00 hour at 10:00

    String pastKey = past.key("acme", Scope.USER, "alice");
    String insideKey = inside.key("acme", Scope.USER, "alice");
    assertThat(s.older.get(pastKey)).isNull();
    assertThat(s.olderCache).containsOnlyKeys(insideKey);
    assertThat(s.older.get(insideKey)).isNotNull();
    assertThat(RollupStoresFixture.count(s.expiry)).isOne();
  }

  @Test
  void aCurrentBucketPastItsGraceLeavesItsEntryWhichIsDeletedOnceEmpty() {
    RollupBucket hour = bucket(Period.HOUR, T.minusMillis(3 * HOUR));
    RollupBucket month = bucket(Period.MONTH, T);
    RollupBuckets entry = new RollupBuckets("acme");
    entry.put(hour);
    entry.put(month);
    s.current.put(ENTRY, entry);
    s.currentCache.put(ENTRY, entry);
    index(hour);
    index(month);

    expiration.expire(T.toEpochMilli(), HOUR);

    assertThat(s.current.get(ENTRY).get(Period.HOUR)).isNull();
    assertThat(s.current.get(ENTRY).get(Period.MONTH)).isNotNull();
    assertThat(RollupStoresFixture.count(s.expiry)).isOne();

    expiration.expire(month.end() + HOUR, HOUR);

    assertThat(s.current.get(ENTRY)).isNull();
    assertThat(s.currentCache).isEmpty();
    assertThat(RollupStoresFixture.count(s.expiry)).isZero();
  }

  @Test
  void anIndexEntryForABucketThatWasReplacedLeavesTheNewerCurrentBucketAlone() {
    RollupBucket replaced = bucket(Period.HOUR, T.minusMillis(3 * HOUR));
    RollupBucket newer = bucket(Period.HOUR, T);
    RollupBuckets entry = new RollupBuckets("acme");
    entry.put(newer);
    s.current.put(ENTRY, entry);
    index(replaced);   // its older-store copy is gone already

    expiration.expire(T.toEpochMilli(), HOUR);

    assertThat(s.current.get(ENTRY).get(Period.HOUR).start()).isEqualTo(newer.start());
    assertThat(RollupStoresFixture.count(s.expiry)).isZero();
  }

  @Test
  void sessionMarksLoseTheirEndedPeriodsAndAreDeletedWhenNoneIsLeft() {
    PeriodWindow lastWeek = periods.of(Period.WEEK, T.minusMillis(7 * 24 * HOUR));
    PeriodWindow thisMonth = periods.of(Period.MONTH, T);
    String sessionKey = "acme|s1";
    SessionSeen seen = new SessionSeen();
    seen.marks(4, "alice").add(lastWeek);
    seen.marks(4, "alice").add(thisMonth);
    seen.marks(5, "sonnet").add(lastWeek);
    s.sessions.put(sessionKey, seen);
    s.expiry.put(RollupExpiry.key(lastWeek.end().toEpochMilli(), RollupExpiry.SEEN + sessionKey), lastWeek.end().toEpochMilli());
    s.expiry.put(RollupExpiry.key(thisMonth.end().toEpochMilli(), RollupExpiry.SEEN + sessionKey), thisMonth.end().toEpochMilli());

    expiration.expire(T.toEpochMilli(), HOUR);

    assertThat(s.sessions.get(sessionKey).size()).as("the model value had only last week's mark").isOne();
    assertThat(s.sessions.get(sessionKey).find(4, "alice").size()).isOne();

    expiration.expire(thisMonth.end().toEpochMilli() + HOUR, HOUR);

    assertThat(s.sessions.get(sessionKey)).isNull();
    assertThat(RollupStoresFixture.count(s.expiry)).isZero();
  }

  @Test
  void nothingIsDroppedBeforeTheFirstEventOrWhileTheHorizonIsNotPositive() {
    RollupBucket b = bucket(Period.HOUR, Instant.EPOCH);
    index(b);
    expiration.expire(Long.MIN_VALUE, HOUR);
    expiration.expire(HOUR, HOUR);
    assertThat(RollupStoresFixture.count(s.expiry)).isOne();
  }
}
