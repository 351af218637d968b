package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupDimensions;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.rollup.SessionSeen;
import dev.tokenledger.processor.sink.PricedEvents;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Session marks of rollup state layout 2 (one entry per dimension value and session) are moved to one
 * entry per organisation and session when the task starts (ADR 0228): a session counted before the
 * upgrade is not counted again in the open rollups, and a new one still counts.
 */
class SessionMarksMigrationTest {

  private static final Instant T = Instant.parse("2026-01-14T10:15:00Z");
  private final CalendarPeriods periods = new CalendarPeriods(ZoneOffset.UTC);
  private final RollupStoresFixture s = new RollupStoresFixture();

  private SessionMarks marksOf(Instant t) {
    SessionMarks m = new SessionMarks();
    for (Period p : RollupBuckets.PERIODS) {
      m.add(periods.of(p, t));
    }
    return m;
  }

  private static List<String> keys(KeyValueStore<String, ?> store) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }

  @Test
  void layoutTwoEntriesAreMergedPerOrganisationAndSessionEvenWhenValueAndSessionContainTheSeparator() {
    s.legacySessions.put("acme|ORG|acme|s|1", marksOf(T));
    s.legacySessions.put("acme|PROJECT|github.com/acme|repo|s|1", marksOf(T));
    s.legacySessions.put("acme|USER|alice|s|1", marksOf(T));
    s.legacySessions.put("acme|ORG|acme|s2", marksOf(T.minusSeconds(86_400)));
    s.legacySessions.put("globex|MODEL|claude-sonnet-4-5|s2", marksOf(T));   // no ORG entry: split at the last '|'
    s.legacySessions.put("globex|COLOUR|blue|s3", marksOf(T));   // no such dimension: dropped, the task still starts
    s.legacySessions.put("globex|USER|nosession", marksOf(T));   // no session part: dropped

    int moved = SessionMarksMigration.migrate(s.legacySessions, s.sessions, s.expiry);

    assertThat(moved).isEqualTo(5);
    assertThat(keys(s.legacySessions)).isEmpty();
    assertThat(keys(s.sessions)).containsExactlyInAnyOrder("acme|s|1", "acme|s2", "globex|s2");
    SessionSeen first = s.sessions.get("acme|s|1");
    assertThat(first.size()).isEqualTo(3);
    int project = RollupDimensions.ALL.indexOf(Scope.PROJECT);
    assertThat(first.find(project, "github.com/acme|repo").size()).isEqualTo(4);
    assertThat(first.find(RollupDimensions.ALL.indexOf(Scope.USER), "alice").add(periods.of(Period.DAY, T)))
        .as("the day the session was seen in is still marked").isFalse();
    assertThat(s.sessions.get("globex|s2").find(RollupDimensions.ALL.indexOf(Scope.MODEL), "claude-sonnet-4-5")).isNotNull();
    long monthEnd = periods.of(Period.MONTH, T).end().toEpochMilli();
    assertThat(keys(s.expiry)).contains(RollupExpiry.key(monthEnd, RollupExpiry.SEEN + "acme|s|1"),
        RollupExpiry.key(monthEnd, RollupExpiry.SEEN + "globex|s2"));
  }

  @Test
  void distinctSessionCountsOfOpenRollupsNeitherDoubleNorDropAcrossTheUpgrade() {
    TopologySettings settings = TopologySettings.defaults(ZoneOffset.UTC);
    PricedUsage e1 = event("e1", T, "s|1");
    RollupProcessor before = new RollupProcessor(settings, Clock.systemUTC());
    before.init(s.context);
    before.process(new Record<>("acme", e1, 0L));
    before.close();
    // what the previous version left: the same rollups, marks per dimension value and session, layout 2
    SessionSeen seen = s.sessions.get("acme|s|1");
    String[] values = RollupDimensions.values(e1);
    for (int d = 0; d < values.length; d++) {
      s.legacySessions.put(RollupKey.entry("acme", RollupDimensions.ALL.get(d), values[d]) + "|s|1", seen.find(d, values[d]));
    }
    s.sessions.delete("acme|s|1");
    for (String k : keys(s.expiry)) {
      if (k.contains("|N|")) {
        s.expiry.delete(k);
      }
    }
    s.clock.put(RollupStateLayout.KEY, RollupStateLayout.MIGRATED);

    RollupProcessor after = new RollupProcessor(settings, Clock.systemUTC());
    after.init(s.context);
    after.process(new Record<>("acme", event("e2", T.plusSeconds(60), "s|1"), 0L));
    after.process(new Record<>("acme", event("e3", T.plusSeconds(120), "s2"), 0L));

    assertThat(s.clock.get(RollupStateLayout.KEY)).isEqualTo(RollupStateLayout.CURRENT);
    assertThat(keys(s.legacySessions)).isEmpty();
    for (Scope dim : List.of(Scope.ORG, Scope.PROJECT, Scope.USER, Scope.MODEL)) {
      String value = values[RollupDimensions.ALL.indexOf(dim)];
      RollupBuckets cur = s.current.get(RollupKey.entry("acme", dim, value));
      for (Period p : RollupBuckets.PERIODS) {
        UsageRollup r = cur.get(p).toRollup("acme", dim, value, ZoneOffset.UTC);
        assertThat(r.getRequests()).as(dim + " " + p).isEqualTo(3);
        assertThat(r.getSessions()).as(dim + " " + p + ": s|1 once, s2 once").isEqualTo(2);
      }
    }
    PeriodWindow day = periods.of(Period.DAY, T);
    assertThat(s.sessions.get("acme|s|1").find(RollupDimensions.ALL.indexOf(Scope.PROJECT), "github.com/acme|repo").add(day))
        .isFalse();
  }

  private static PricedUsage event(String id, Instant t, String session) {
    return PricedEvents.priced(claude(id, t).setOrgId("acme").setUserId("alice").setProjectId("github.com/acme|repo")
        .setSessionId(session).build(), new BigDecimal("0.01")).build();
  }
}
