package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionSeen;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup state layout (ADR 0204): current buckets per dimension value, older buckets that late
 * events still reach, per-session marks, expiry — observed through the topology's outputs and stores.
 */
class RollupStateTest {

  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant D = Instant.parse("2026-01-14T00:00:00Z");
  private final CalendarPeriods periods = new CalendarPeriods(ZoneOffset.UTC);
  private TopologyHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  /** 100 000 uncached input tokens: $0.30 at $3/M. */
  private static UsageEvent event(String id, Instant t, String session) {
    return claude(id, t).setTokens(tokens(100_000, 0, 0, 0, 0)).setSessionId(session).build();
  }

  private String key(Scope dim, String value, Period p, Instant t) {
    return new RollupKey("acme", dim, value, p, periods.of(p, t).start()).asString();
  }

  @Test
  void aBucketReplacedBeforeItWasEmittedIsEmittedAndLateEventsAndSessionsStillReachIt() {
    h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));
    h.price(Prices.sonnet(JAN_1).build());
    Instant ten = D.plusSeconds(10 * 3600);
    Instant eleven = ten.plusSeconds(3600);
    h.publish(event("e1", ten.plusSeconds(900), "s1"));
    h.publish(event("e2", eleven.plusSeconds(300), "s1"));   // a new hour replaces 10:00 before any emission

    Map<String, UsageRollup> first = h.latestRollups();
    assertThat(first.get(key(Scope.ORG, "acme", Period.HOUR, ten)).getRequests()).isEqualTo(1);
    assertThat(first.get(key(Scope.ORG, "acme", Period.HOUR, eleven)).getRequests()).isEqualTo(1);
    assertThat(first.get(key(Scope.ORG, "acme", Period.DAY, ten)).getSessions()).isEqualTo(1);

    h.publish(event("e3", ten.plusSeconds(1200), "s2"));      // late, inside the grace: goes to the older 10:00 bucket
    h.publish(event("e4", ten.plusSeconds(1500), "s1"));      // s1 is not new in 10:00
    h.publish(event("e5", eleven.plusSeconds(600), "s2"));    // s2 is new in 11:00, not in the day

    Map<String, UsageRollup> second = h.latestRollups();
    UsageRollup tenOrg = second.get(key(Scope.ORG, "acme", Period.HOUR, ten));
    assertThat(tenOrg.getRequests()).isEqualTo(3);
    assertThat(tenOrg.getSessions()).isEqualTo(2);
    assertThat(tenOrg.getCost()).isEqualTo(new BigDecimal("0.900000000"));
    UsageRollup elevenUser = second.get(key(Scope.USER, "alice@laptop", Period.HOUR, eleven));
    assertThat(elevenUser.getRequests()).isEqualTo(2);
    assertThat(elevenUser.getSessions()).isEqualTo(2);
    UsageRollup day = second.get(key(Scope.TEAM, "platform", Period.DAY, ten));
    assertThat(day.getRequests()).isEqualTo(5);
    assertThat(day.getSessions()).isEqualTo(2);
    assertThat(h.rejected.readValuesToList()).isEmpty();
  }

  @Test
  void aLateEventChecksTheBudgetOfItsOwnOlderPeriod() {
    h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));
    h.price(Prices.sonnet(JAN_1).build());
    h.budget(Budget.newBuilder().setBudgetId("acme-daily").setOrgId("acme").setScope(Scope.ORG).setScopeValue("acme")
        .setPeriod(Period.DAY).setLimitUsd(new BigDecimal("1").setScale(9)).setThresholdsPercent(List.of(50, 100))
        .setUpdatedTime(JAN_1).build());
    Instant lateEvening = D.plusSeconds(23 * 3600);
    h.publish(event("d-1", lateEvening, "s1"));                        // D: 0.30
    h.publish(event("d1-1", D.plusSeconds(86_400 + 1800), "s1"));      // D+1: 0.30, D's day bucket becomes older
    h.publish(event("d-2", lateEvening.plusSeconds(1800), "s1"));      // late for D: 0.60 -> 50 %

    List<BudgetBreach> breaches = h.breaches.readValuesToList();
    assertThat(breaches).singleElement().satisfies(b -> {
      assertThat(b.getPeriodStart()).isEqualTo(D);
      assertThat(b.getThresholdPercent()).isEqualTo(50);
      assertThat(b.getSpendUsd()).isEqualTo(new BigDecimal("0.600000000"));
      assertThat(b.getTriggeringEventId()).isEqualTo("d-2");
    });
  }

  @Test
  void bucketsAndSessionMarksAreDroppedOnceTheirGraceHasPassed() {
    h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));
    h.price(Prices.sonnet(JAN_1).build());
    h.publish(event("jan", D.plusSeconds(3600), "s-jan"));
    h.publish(event("mar", Instant.parse("2026-03-10T12:00:00Z"), "s-mar"));   // January and its grace are over
    h.latestRollups();                                                           // the punctuation emits, then expires

    KeyValueStore<String, RollupBuckets> older = h.driver.getKeyValueStore(StoreNames.ROLLUP_OLDER);
    KeyValueStore<String, RollupBuckets> current = h.driver.getKeyValueStore(StoreNames.ROLLUP_CURRENT);
    KeyValueStore<String, SessionSeen> sessions = h.driver.getKeyValueStore(StoreNames.ROLLUP_SESSION_SEEN);
    assertThat(keys(older)).isEmpty();
    assertThat(keys(sessions)).containsExactly("acme|s-mar");   // one entry per (organisation, session), ADR 0228
    RollupBuckets org = current.get("acme|ORG|acme");
    for (Period p : RollupBuckets.PERIODS) {
      assertThat(org.get(p).start()).isEqualTo(periods.of(p, Instant.parse("2026-03-10T12:00:00Z")).start().toEpochMilli());
    }
    assertThat(keys(h.driver.getKeyValueStore(StoreNames.ROLLUP_EXPIRY))).noneMatch(k -> k.contains("2026-01") || k.contains("s-jan"));
  }

  @Test
  void aSessionsMarksAreLookedAtOnceWhenTheLaterOfTheirWeekAndMonthEnds() {
    h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));
    h.price(Prices.sonnet(JAN_1).build());
    KeyValueStore<String, Long> expiry = h.driver.getKeyValueStore(StoreNames.ROLLUP_EXPIRY);
    KeyValueStore<String, SessionSeen> sessions = h.driver.getKeyValueStore(StoreNames.ROLLUP_SESSION_SEEN);
    String marks = "N|acme|s1";

    h.publish(event("a", D, "s1"));                                      // week 12–19 Jan, month ends 1 Feb: one entry, at the month's end
    assertThat(keys(expiry)).filteredOn(k -> k.endsWith(marks))
        .containsExactly(RollupExpiry.key(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli(), marks));
    h.publish(event("b", D.plusSeconds(3_600), "s1"));                   // new hour only: nothing new to look at
    assertThat(keys(expiry)).filteredOn(k -> k.endsWith(marks)).hasSize(1);
    h.publish(event("c", Instant.parse("2026-01-30T10:00:00Z"), "s1"));  // week 26 Jan–2 Feb outlives January
    assertThat(keys(expiry)).filteredOn(k -> k.endsWith(marks))
        .containsExactly(RollupExpiry.key(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli(), marks),
            RollupExpiry.key(Instant.parse("2026-02-02T00:00:00Z").toEpochMilli(), marks));

    h.publish(event("d", Instant.parse("2026-03-10T12:00:00Z"), "s2"));  // January, that week and their grace are over
    h.latestRollups();
    assertThat(keys(sessions)).noneMatch(k -> k.endsWith("|s1"));
    assertThat(keys(expiry)).noneMatch(k -> k.endsWith("|s1"));
  }

  @Test
  void expiryKeysSortByPeriodEnd() {
    assertThat(RollupExpiry.key(1_767_225_600_000L, "B|x")).isEqualTo("001767225600000|B|x");
    assertThat(RollupExpiry.key(0, "")).isEqualTo("000000000000000|");
    assertThat(RollupExpiry.key(99_999, "S|y").compareTo(RollupExpiry.key(100_000, "B|a"))).isNegative();
  }

  private static List<String> keys(KeyValueStore<String, ?> store) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, ?> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, ?> kv = it.next();
        out.add(kv.key);
      }
    }
    return out;
  }
}
