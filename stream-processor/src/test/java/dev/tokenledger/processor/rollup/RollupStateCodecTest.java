package dev.tokenledger.processor.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RollupStateCodecTest {

  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
  private final CalendarPeriods periods = new CalendarPeriods(LA);
  private final Instant t = Instant.parse("2026-03-08T09:30:00Z");   // the DST change day in Los Angeles

  private RollupBucket bucket(Period p, String cost, long eventTime) {
    RollupBucket b = RollupBucket.empty(periods.of(p, t));
    b.add(new TokenCounts(1L, 2L, 3L, 4L, 5L, 6L, 7L), new BigDecimal(cost), new BigDecimal("0.000000001"), eventTime, true, eventTime + 1);
    return b;
  }

  @Test
  void bucketsRoundTripWithEveryFieldAndOnlyTheSlotsThatAreSet() {
    RollupBuckets in = new RollupBuckets("acme-ü");
    in.put(bucket(Period.HOUR, "0.123456789", t.toEpochMilli()));
    in.put(bucket(Period.MONTH, "12345678901234.500000000", t.toEpochMilli() + 5));   // does not fit an unscaled long

    RollupBuckets out = RollupStateCodec.decodeBuckets(RollupStateCodec.encode(in));

    assertThat(out.orgId()).isEqualTo("acme-ü");
    assertThat(out.get(Period.DAY)).isNull();
    assertThat(out.get(Period.WEEK)).isNull();
    for (Period p : new Period[] {Period.HOUR, Period.MONTH}) {
      UsageRollup expected = in.get(p).toRollup("acme-ü", Scope.USER, "alice", LA);
      assertThat(out.get(p).toRollup("acme-ü", Scope.USER, "alice", LA)).isEqualTo(expected);
    }
    assertThat(out.get(Period.MONTH).cost()).isEqualByComparingTo("12345678901234.5");
    assertThat(out.get(Period.HOUR).toRollup("o", Scope.ORG, "o", LA).getSessions()).isEqualTo(1);
  }

  @Test
  void aBucketBecomesTheRollupOfTheContract() {
    PeriodWindow day = periods.of(Period.DAY, t);
    RollupBucket b = RollupBucket.empty(day);
    b.add(new TokenCounts(10L, 20L, 30L, 40L, 900L, 0L, 0L), new BigDecimal("0.300000000"), new BigDecimal("0.100000000"),
        t.toEpochMilli(), true, t.toEpochMilli());
    b.add(new TokenCounts(10L, 20L, 30L, 40L, 900L, 0L, 0L), new BigDecimal("0.300000000"), new BigDecimal("0.100000000"),
        t.toEpochMilli() - 1000, false, t.toEpochMilli() + 7);

    UsageRollup r = b.toRollup("acme", Scope.TEAM, "platform", LA);

    assertThat(r.getPeriodStart()).isEqualTo(day.start());
    assertThat(r.getPeriodEnd()).isEqualTo(day.end());   // 23 hours on this day
    assertThat(r.getTimeZone()).isEqualTo("America/Los_Angeles");
    assertThat(r.getRequests()).isEqualTo(2);
    assertThat(r.getSessions()).isEqualTo(1);
    assertThat(r.getCost()).isEqualTo(new BigDecimal("0.600000000"));
    assertThat(r.getCacheSavings()).isEqualTo(new BigDecimal("0.200000000"));
    assertThat(r.getCacheHitRatio()).isEqualTo(1800.0 / (20 + 60 + 80 + 1800));
    assertThat(r.getLastEventTime()).isEqualTo(t);
    assertThat(r.getUpdatedTime()).isEqualTo(t.plusMillis(7));
    assertThat(b.key("acme", Scope.TEAM, "platform")).isEqualTo(new RollupKey("acme", Scope.TEAM, "platform", Period.DAY, day.start()).asString());
  }

  @Test
  void sessionMarksCountASessionOncePerBucketRoundTripAndDropClosedPeriods() {
    SessionMarks m = new SessionMarks();
    PeriodWindow hour = periods.of(Period.HOUR, t);
    PeriodWindow nextHour = periods.of(Period.HOUR, hour.end());
    assertThat(m.add(hour)).isTrue();
    assertThat(m.add(hour)).isFalse();
    assertThat(m.add(nextHour)).isTrue();
    for (Period p : new Period[] {Period.DAY, Period.WEEK, Period.MONTH}) {
      assertThat(m.add(periods.of(p, t))).isTrue();
    }

    SessionMarks copy = RollupStateCodec.decodeSessions(RollupStateCodec.encode(m));
    assertThat(copy.size()).isEqualTo(5);
    assertThat(copy.add(nextHour)).isFalse();
    assertThat(copy.add(periods.of(Period.WEEK, t))).isFalse();

    copy.dropEndedBy(hour.end().toEpochMilli());
    assertThat(copy.size()).isEqualTo(4);
    assertThat(copy.add(hour)).isTrue();   // a closed hour is never added to again; shown here only to prove it was dropped
    copy.dropEndedBy(periods.of(Period.MONTH, t).end().plusSeconds(86_400 * 7).toEpochMilli());
    assertThat(copy.isEmpty()).isTrue();
  }

  @Test
  void aSessionsMarksInEveryDimensionValueRoundTripAndDropValuesLeftWithoutMarks() {
    SessionSeen seen = new SessionSeen();
    PeriodWindow hour = periods.of(Period.HOUR, t);
    PeriodWindow month = periods.of(Period.MONTH, t);
    for (int d = 0; d < RollupDimensions.ALL.size(); d++) {
      assertThat(seen.marks(d, "v|" + d).add(hour)).isTrue();
      assertThat(seen.marks(d, "v|" + d).add(month)).isTrue();
    }
    assertThat(seen.marks(5, "another-model").add(hour)).isTrue();   // a session that changed model
    assertThat(seen.marks(5, "another-model").add(hour)).isFalse();

    SessionSeen copy = RollupStateCodec.decodeSeen(RollupStateCodec.encode(seen));
    assertThat(copy.size()).isEqualTo(9);
    assertThat(copy.find(3, "v|3").add(month)).isFalse();
    assertThat(copy.find(5, "another-model").size()).isOne();
    assertThat(copy.find(5, "v|3")).isNull();
    assertThat(copy.lastEnd()).isEqualTo(month.end().toEpochMilli());

    copy.dropEndedBy(hour.end().toEpochMilli());
    assertThat(copy.size()).as("the other model had only the hour").isEqualTo(8);
    assertThat(copy.find(5, "another-model")).isNull();
    copy.dropEndedBy(month.end().toEpochMilli());
    assertThat(copy.isEmpty()).isTrue();
    assertThatThrownBy(() -> RollupStateCodec.decodeSeen(new byte[] {1, 0x7f, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
  }

  @Test
  void corruptOrForeignBytesAreRejectedWithAClearError() {
    byte[] good = RollupStateCodec.encode(new RollupBuckets("acme"));
    assertThatThrownBy(() -> RollupStateCodec.decodeBuckets(new byte[] {9, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
    assertThatThrownBy(() -> RollupStateCodec.decodeBuckets(Arrays.copyOf(good, good.length + 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> RollupStateCodec.decodeSessions(new byte[] {1, 0x7f, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
  }

  @Test
  void rollupKeysParseBackEvenWhenTheValueContainsTheSeparator() {
    RollupKey k = new RollupKey("acme", Scope.PROJECT, "gitlab|acme/repo", Period.WEEK, periods.of(Period.WEEK, t).start());
    assertThat(RollupKey.parse(k.asString())).isEqualTo(k);
    assertThat(RollupKey.asString(k.orgId(), k.dimension(), k.value(), k.period(), k.periodStart().toEpochMilli())).isEqualTo(k.asString());
    assertThat(k.asString()).startsWith("acme|PROJECT|gitlab|acme/repo|WEEK|");
    assertThat(RollupKey.parseEntry(RollupKey.entry("acme", Scope.PROJECT, "gitlab|acme/repo")))
        .isEqualTo(new RollupKey.Entry("acme", Scope.PROJECT, "gitlab|acme/repo"));
  }
}
