package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.rollup.RollupKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class UsageTopologyTest {

  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
  private static final Instant JAN_1 = Instant.parse("2026-01-01T08:00:00Z"); // local midnight in LA
  private static final Instant JAN_15 = Instant.parse("2026-01-15T08:00:00Z");

  private TopologyHarness h;

  private TopologyHarness harness(TopologySettings settings) {
    h = new TopologyHarness(settings);
    return h;
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static BigDecimal usd(String v) {
    return new BigDecimal(v).setScale(9);
  }

  /** 100 000 uncached input tokens: $0.30 at $3/M. */
  private static UsageEvent thirtyCents(String id, Instant t) {
    return claude(id, t).setTokens(tokens(100_000, 0, 0, 0, 0)).build();
  }

  private static String key(Scope dim, String value, Period period, PeriodWindow w) {
    return new RollupKey("acme", dim, value, period, w.start()).asString();
  }

  @Test
  void copiesOfAnEventFromAnotherMachineCountOnce() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    Instant t = JAN_1.plus(Duration.ofDays(3));
    UsageEvent original = thirtyCents("evt-1", t);
    h.publish(original);
    h.publish(UsageEvent.newBuilder(original).setHost("desktop").setObservedTime(t.plusSeconds(3600)).build());
    h.publish(original);

    List<PricedUsage> priced = h.pricedValues();
    assertThat(priced).hasSize(1);
    assertThat(priced.get(0).getCost().getTotal()).isEqualTo(usd("0.3"));
    assertThat(h.metricTotal("duplicate")).isEqualTo(2.0);
    assertThat(h.metricTotal("priced")).as("distinct events priced").isEqualTo(1.0);
    UsageRollup org = h.latestRollups()
        .get(key(Scope.ORG, "acme", Period.MONTH, new CalendarPeriods(LA).of(Period.MONTH, t)));
    assertThat(org.getRequests()).isEqualTo(1);
    assertThat(org.getCost()).isEqualTo(usd("0.3"));
  }

  @Test
  void copiesOfAnEventWithoutARequestIdCountOnceToo() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    Instant t = JAN_1.plus(Duration.ofDays(3));
    UsageEvent original = UsageEvent.newBuilder(thirtyCents("evt-1", t)).setRequestId(null).build();
    h.publish(original);
    h.publish(UsageEvent.newBuilder(original).setHost("desktop").setObservedTime(t.plusSeconds(3600)).build());

    assertThat(h.pricedValues()).hasSize(1);
    assertThat(h.metricTotal("duplicate")).isEqualTo(1.0);
    assertThat(h.metricTotal("priced")).isEqualTo(1.0);
  }

  @Test
  void aPriceChangeMidMonthPricesEachEventWithTheVersionInForceAtItsEventTime() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).setVersion("v-jan").build());
    h.price(Prices.sonnet(JAN_15).setVersion("v-mid-jan").setInputPerToken(Prices.perM("2")).build());
    // published out of order: the later event first
    h.publish(thirtyCents("after", JAN_15.plusSeconds(60)));
    h.publish(thirtyCents("before", JAN_15.minusMillis(1)));

    Map<String, PricedUsage> byId = new java.util.HashMap<>();
    h.pricedValues().forEach(p -> byId.put(p.getEvent().getEventId(), p));
    assertThat(byId.get("before").getPriceVersion()).isEqualTo("v-jan");
    assertThat(byId.get("before").getCost().getTotal()).isEqualTo(usd("0.3"));
    assertThat(byId.get("after").getPriceVersion()).isEqualTo("v-mid-jan");
    assertThat(byId.get("after").getPriceEffectiveFrom()).isEqualTo(JAN_15);
    assertThat(byId.get("after").getCost().getTotal()).isEqualTo(usd("0.2"));
    UsageRollup month = h.latestRollups()
        .get(key(Scope.MODEL, "claude-sonnet-4-5", Period.MONTH, new CalendarPeriods(LA).of(Period.MONTH, JAN_15)));
    assertThat(month.getCost()).isEqualTo(usd("0.5"));
  }

  @Test
  void theLongContextTierAppliesAboveTheThresholdOnly() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    long threshold = Prices.sonnet(JAN_1).getTierThresholdTokens();
    h.publish(claude("at", JAN_1.plusSeconds(10)).setTokens(tokens(threshold, 0, 0, 0, 0)).build());
    h.publish(claude("above", JAN_1.plusSeconds(20)).setTokens(tokens(threshold - 10, 0, 0, 0, 11)).build());
    List<PricedUsage> priced = h.pricedValues();
    assertThat(priced).extracting(PricedUsage::getLongContextTier).containsExactly(false, true);
    assertThat(priced.get(0).getCost().getTotal()).isEqualTo(usd("0.6"));         // 200k × 3/M
    assertThat(priced.get(1).getCost().getInput()).isEqualTo(usd("1.19994"));     // 199 990 × 6/M
  }

  @Test
  void monthsEndAtLocalMidnightOfTheOrganisationTimeZone() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    CalendarPeriods periods = new CalendarPeriods(LA);
    PeriodWindow feb = periods.of(Period.MONTH, Instant.parse("2026-02-10T00:00:00Z"));
    h.publish(thirtyCents("last-feb", feb.end().minusMillis(1)));   // 2026-02-28 23:59:59.999 PST, 07:59Z on March 1st
    h.publish(thirtyCents("first-mar", feb.end()));
    Map<String, UsageRollup> rollups = h.latestRollups();
    UsageRollup febOrg = rollups.get(key(Scope.ORG, "acme", Period.MONTH, feb));
    UsageRollup marOrg = rollups.get(key(Scope.ORG, "acme", Period.MONTH, periods.of(Period.MONTH, feb.end())));
    assertThat(febOrg.getRequests()).isEqualTo(1);
    assertThat(febOrg.getPeriodStart()).isEqualTo(Instant.parse("2026-02-01T08:00:00Z"));
    assertThat(febOrg.getPeriodEnd()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    assertThat(febOrg.getTimeZone()).isEqualTo("America/Los_Angeles");
    assertThat(marOrg.getRequests()).isEqualTo(1);
    // the UTC calendar would have put both into March
    assertThat(rollups.keySet()).noneMatch(k -> k.contains("MONTH|2026-03-01T00:00:00Z"));
  }

  @Test
  void lateEventsInsideTheGraceAreCountedAndBeyondItAreReportedNotDropped() {
    TopologySettings settings = TopologySettings.defaults(ZoneOffset.UTC);
    harness(settings);
    h.price(Prices.sonnet(JAN_1).build());
    CalendarPeriods periods = new CalendarPeriods(ZoneOffset.UTC);
    PeriodWindow hour = periods.of(Period.HOUR, Instant.parse("2026-01-10T10:15:00Z"));
    Duration grace = settings.grace();

    h.publish(thirtyCents("on-time", hour.start()));
    h.publish(thirtyCents("advance-1", hour.end().plus(grace).minusMillis(1)));   // stream time: just inside the grace
    h.publish(thirtyCents("late-inside", hour.start().plusSeconds(1)));
    h.publish(thirtyCents("advance-2", hour.end().plus(grace)));                 // the hour closes
    h.publish(thirtyCents("late-outside", hour.start().plusSeconds(2)));

    Map<String, UsageRollup> rollups = h.latestRollups();
    String user = "alice@laptop";
    assertThat(rollups.get(key(Scope.USER, user, Period.HOUR, hour)).getRequests()).isEqualTo(2);
    // the month is still open: the event beyond the hour's grace still counts there
    assertThat(rollups.get(key(Scope.USER, user, Period.MONTH, periods.of(Period.MONTH, hour.start()))).getRequests()).isEqualTo(5);
    assertThat(h.pricedValues()).hasSize(5);
    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).singleElement().satisfies(r -> {
      assertThat(r.getEventId()).isEqualTo("late-outside");
      assertThat(r.getReason()).isEqualTo(RejectReason.LATE);
      assertThat(r.getMessage()).contains("late beyond the grace").contains("HOUR");
      assertThat(r.getEvent().getEventId()).isEqualTo("late-outside");
    });
    assertThat(h.metricTotal("late")).isEqualTo(1.0);
  }

  @Test
  void eachThresholdIsEmittedOncePerBudgetAndPeriod() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    h.budget(Budget.newBuilder().setBudgetId("platform-daily").setOrgId("acme").setScope(Scope.TEAM).setScopeValue("platform")
        .setPeriod(Period.DAY).setLimitUsd(usd("1")).setNotify(List.of("slack-platform")).setUpdatedTime(JAN_1).build());
    Instant day = JAN_15.plus(Duration.ofHours(9));
    for (int i = 0; i < 6; i++) {               // 0.30 each: 0.30, 0.60, 0.90, 1.20, 1.50, 1.80
      h.publish(thirtyCents("e" + i, day.plus(Duration.ofMinutes(30L * i))));
    }
    List<BudgetBreach> breaches = h.breaches.readValuesToList();
    assertThat(breaches).extracting(BudgetBreach::getThresholdPercent).containsExactly(50, 80, 100);
    assertThat(breaches).extracting(BudgetBreach::getTriggeringEventId).containsExactly("e1", "e2", "e3");
    BudgetBreach at80 = breaches.get(1);
    assertThat(at80.getSpendUsd()).isEqualTo(usd("0.9"));
    assertThat(at80.getPercentOfLimit()).isEqualTo(new BigDecimal("90.0000"));
    assertThat(at80.getPeriodStart()).isEqualTo(JAN_15);
    assertThat(at80.getBurnRateUsdPerHour()).isEqualTo(usd("0.09"));   // 0.90 over 10 h since local midnight
    // 0.10 left at 0.09/h = 1 h 6 min 40 s after the triggering event
    assertThat(at80.getProjectedExhaustionTime()).isEqualTo(day.plus(Duration.ofMinutes(60)).plusSeconds(4000));
    assertThat(at80.getNotify()).containsExactly("slack-platform");
    assertThat(breaches.get(2).getProjectedExhaustionTime()).isNull();
    // the next day starts from zero: 50% again, once
    h.publish(thirtyCents("next-1", JAN_15.plus(Duration.ofDays(1)).plusSeconds(60)));
    h.publish(thirtyCents("next-2", JAN_15.plus(Duration.ofDays(1)).plusSeconds(120)));
    assertThat(h.breaches.readValuesToList()).extracting(BudgetBreach::getBreachId)
        .containsExactly("acme|platform-daily|2026-01-16T08:00:00Z|50|1");
  }

  @Test
  void unknownModelsAreRejectedAndPricedWhenTheirPriceArrives() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    UsageEvent mystery = claude("m1", JAN_15).setProvider("acme-ai").setModel("mystery-2").build();
    h.publish(mystery);
    assertThat(h.pricedValues()).isEmpty();
    assertThat(h.rejected.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getReason()).isEqualTo(RejectReason.UNKNOWN_MODEL);
      assertThat(r.getModel()).isEqualTo("mystery-2");
      assertThat(r.getEvent()).isEqualTo(mystery);
    });
    h.price(Prices.plain("acme-ai", "mystery-2", JAN_1, "1", "1").setVersion("late-price").build());
    h.driver.advanceWallClockTime(h.settings.repriceInterval());
    assertThat(h.pricedValues()).singleElement().satisfies(p -> {
      assertThat(p.getPriceVersion()).isEqualTo("late-price");
      assertThat(p.getCost().getTotal()).isEqualTo(usd("0.0003"));   // 100 + 200 tokens at $1/M
    });
    assertThat(h.metricTotal("repriced")).isEqualTo(1.0);
    // a re-published copy of the parked event is still a duplicate
    h.publish(mystery);
    assertThat(h.pricedValues()).isEmpty();
  }

  @Test
  void badBytesAndInvalidEventsAreRejectedWithTheirReason() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    byte[] garbage = {0, 0, 0, 0, 42, 1, 2};
    h.rawEvents.pipeInput("k1", garbage);
    h.rawEvents.pipeInput("k2", new byte[] {'{', '}'});
    h.rawEvents.pipeInput("k3", (byte[]) null);
    h.publish(claude("neg", JAN_15).setTokens(tokens(-1, 0, 0, 0, 0)).build());
    h.events.pipeInput("wrong-key", claude("e9", JAN_15).build());
    h.publish(claude("pipe", JAN_15).setOrgId("acme|emea").build());
    h.publish(thirtyCents("fine", JAN_15));

    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).extracting(RejectedEvent::getReason).containsExactly(RejectReason.DESERIALIZATION,
        RejectReason.DESERIALIZATION, RejectReason.INVALID_EVENT, RejectReason.INVALID_EVENT, RejectReason.INVALID_EVENT,
        RejectReason.INVALID_EVENT);
    assertThat(rejected.get(0).getPayload().array()).isEqualTo(garbage);
    assertThat(rejected.get(0).getSourceTopic()).isEqualTo(h.topics.usageEvents());
    assertThat(rejected.get(0).getSourceOffset()).isEqualTo(0L);
    assertThat(rejected.get(3).getMessage()).contains("negative token count");
    assertThat(rejected.get(4).getMessage()).contains("differs from eventId");
    assertThat(rejected.get(5).getMessage()).contains("orgId 'acme|emea' contains '|'");
    assertThat(h.pricedValues()).extracting(p -> p.getEvent().getEventId()).containsExactly("fine");
    assertThat(h.metricTotal("rejected-deserialization")).isEqualTo(2.0);
    assertThat(h.metricTotal("rejected-invalid")).isEqualTo(4.0);
  }

  @Test
  void rollupsCarryTokensByClassSessionsAndCacheHitRatio() {
    harness(TopologySettings.defaults(LA));
    h.price(Prices.sonnet(JAN_1).build());
    Instant t = JAN_15.plusSeconds(3600);
    h.publish(claude("a", t).setTokens(tokens(10, 20, 30, 40, 900)).setSessionId("s1").build());
    h.publish(claude("b", t.plusSeconds(5)).setTokens(tokens(10, 20, 30, 40, 900)).setSessionId("s1").build());
    h.publish(claude("c", t.plusSeconds(9)).setTokens(tokens(10, 20, 30, 40, 900)).setSessionId("s2").setUserId("bob").build());
    UsageRollup day = h.latestRollups()
        .get(key(Scope.TEAM, "platform", Period.DAY, new CalendarPeriods(LA).of(Period.DAY, t)));
    assertThat(day.getRequests()).isEqualTo(3);
    assertThat(day.getSessions()).isEqualTo(2);
    assertThat(day.getTokens().getCacheRead()).isEqualTo(2700);
    assertThat(day.getTokens().getCacheWrite1h()).isEqualTo(120);
    assertThat(day.getCacheHitRatio()).isEqualTo(2700.0 / (30 + 90 + 120 + 2700));
    assertThat(day.getLastEventTime()).isEqualTo(t.plusSeconds(9));
  }

  @Test
  void organisationsSharingAPartitionAndNamesNeverShareARollupOrABudget() {
    harness(TopologySettings.defaults(LA));      // the test driver has one partition: both orgs meet in one task
    h.price(Prices.sonnet(JAN_1).build());
    h.budget(Budget.newBuilder().setBudgetId("globex-platform").setOrgId("globex").setScope(Scope.TEAM).setScopeValue("platform")
        .setPeriod(Period.DAY).setLimitUsd(usd("1")).setUpdatedTime(JAN_1).build());
    Instant t = JAN_15.plus(Duration.ofHours(9));
    for (int i = 0; i < 3; i++) {                // acme's team "platform": 0.90
      h.publish(thirtyCents("acme-" + i, t.plusSeconds(i)));
    }
    h.publish(claude("globex-0", t.plusSeconds(10)).setOrgId("globex").setTokens(tokens(100_000, 0, 0, 0, 0)).build());
    PeriodWindow day = new CalendarPeriods(LA).of(Period.DAY, t);
    Map<String, UsageRollup> rollups = h.latestRollups();
    assertThat(rollups.get(key(Scope.TEAM, "platform", Period.DAY, day)).getCost()).isEqualTo(usd("0.9"));
    UsageRollup globex = rollups.get(new RollupKey("globex", Scope.TEAM, "platform", Period.DAY, day.start()).asString());
    assertThat(globex.getOrgId()).isEqualTo("globex");
    assertThat(globex.getRequests()).isEqualTo(1);
    assertThat(globex.getCost()).isEqualTo(usd("0.3"));
    assertThat(rollups.get(new RollupKey("globex", Scope.USER, "alice@laptop", Period.DAY, day.start()).asString()).getRequests())
        .isEqualTo(1);
    // globex's budget sees globex's 0.30 (30 %), not the 1.20 of both orgs' "platform" teams
    assertThat(h.breaches.readValuesToList()).isEmpty();

    // the next day opens new buckets (the first day's move to the older-bucket store); a late event of
    // each org then reaches its own older bucket, and globex's stored spend reaches its budget alone
    Instant nextDay = t.plus(Duration.ofDays(1));
    h.publish(thirtyCents("acme-next", nextDay));
    h.publish(claude("globex-next", nextDay.plusSeconds(1)).setOrgId("globex").setTokens(tokens(100_000, 0, 0, 0, 0)).build());
    h.publish(thirtyCents("acme-late", t.plusSeconds(100)));
    h.publish(claude("globex-late", t.plusSeconds(101)).setOrgId("globex").setTokens(tokens(200_000, 0, 0, 0, 0)).build());
    rollups = h.latestRollups();
    assertThat(rollups.get(key(Scope.TEAM, "platform", Period.DAY, day)).getCost()).isEqualTo(usd("1.2"));
    UsageRollup globexLate = rollups.get(new RollupKey("globex", Scope.TEAM, "platform", Period.DAY, day.start()).asString());
    assertThat(globexLate.getRequests()).isEqualTo(2);
    assertThat(globexLate.getCost()).isEqualTo(usd("0.9"));
    // 0.90 of 1.00: globex crosses 50 % and 80 % of its first day, acme's 1.20 plays no part
    assertThat(h.breaches.readValuesToList()).extracting(BudgetBreach::getThresholdPercent).containsExactly(50, 80);
  }

  @Test
  void aPricedRecordOfAnOrgIdWithAPipeReachingTheRollupsIsRejectedNotFatal() {
    harness(TopologySettings.defaults(LA));      // e.g. in the repartition topic when org ids became part of the keys
    h.price(Prices.sonnet(JAN_1).build());
    var repartition = h.driver.createInputTopic("topology-test-priced-by-org-repartition", new StringSerializer(),
        h.serdes.priced().serializer());
    h.publish(claude("template", JAN_15).setOrgId("globex").setTokens(tokens(100_000, 0, 0, 0, 0)).build());
    PricedUsage old = PricedUsage.newBuilder(h.pricedValues().get(0))
        .setEvent(claude("old", JAN_15).setOrgId("acme|emea").setTokens(tokens(100_000, 0, 0, 0, 0)).build()).build();
    repartition.pipeInput("acme|emea", old);
    h.publish(thirtyCents("after", JAN_15.plusSeconds(60)));
    assertThat(h.rejected.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getReason()).isEqualTo(RejectReason.INVALID_EVENT);
      assertThat(r.getEventId()).isEqualTo("old");
      assertThat(r.getMessage()).contains("contains '|'").contains("in no rollup");
    });
    assertThat(h.latestRollups().get(key(Scope.ORG, "acme", Period.DAY, new CalendarPeriods(LA).of(Period.DAY, JAN_15)))
        .getRequests()).isEqualTo(1);
  }
}
