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
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parked events (price arriving later, age limit), bad control-topic records, and budgets scoped by
 * organisation with re-armed thresholds — on the TopologyTestDriver, wall clock at 2030-01-01.
 */
class ControlAndParkingTest {

  private static final Instant NOW = TopologyHarness.WALL_CLOCK;

  private final TopologyHarness h = new TopologyHarness(
      TopologySettings.defaults(ZoneOffset.UTC).withParkedMaxAge(Duration.ofHours(1)));

  @AfterEach
  void close() {
    h.close();
  }

  private static UsageEvent mystery(String id, Instant t) {
    return claude(id, t).setProvider("acme-ai").setModel("mystery-1").setTokens(tokens(1_000_000, 0, 0, 0, 0)).build();
  }

  private List<RejectedEvent> rejected(RejectReason reason) {
    return h.rejected.readValuesToList().stream().filter(r -> r.getReason() == reason).toList();
  }

  private long parkedCount() {
    try (var it = h.driver.<String, UsageEvent>getKeyValueStore(StoreNames.UNPRICED).all();
        var since = h.driver.<String, Long>getKeyValueStore(StoreNames.UNPRICED_SINCE).all()) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      long s = 0;
      while (since.hasNext()) {
        since.next();
        s++;
      }
      assertThat(s).as("a parked time per parked event").isEqualTo(n);
      return n;
    }
  }

  @Test
  void aParkedEventIsPricedByAPriceWhoseEffectiveFromIsLaterThanTheEvent() {
    Instant lastWeek = NOW.minus(Duration.ofDays(7));
    h.publish(mystery("m1", lastWeek));
    assertThat(rejected(RejectReason.UNKNOWN_MODEL)).hasSize(1);
    assertThat(parkedCount()).isEqualTo(1);

    // the model gets its first price today, effective from today
    h.price(Prices.plain("acme-ai", "mystery-1", NOW, "2", "4").build());
    h.driver.advanceWallClockTime(h.settings.repriceInterval());

    List<PricedUsage> priced = h.pricedValues();
    assertThat(priced).singleElement().satisfies(p -> {
      assertThat(p.getEvent().getEventId()).isEqualTo("m1");
      assertThat(p.getPriceEffectiveFrom()).isEqualTo(NOW);   // later than the event: the earliest known price
      assertThat(p.getCost().getTotal()).isEqualByComparingTo("2");
    });
    assertThat(parkedCount()).isZero();
  }

  @Test
  void anEventWaitingLongerThanTheAgeLimitIsRejectedAndCanBeReplayedOnceAPriceExists() {
    UsageEvent m = mystery("m2", NOW.minusSeconds(60));
    assertThat(h.metricValue(ParkedGauges.EVENTS)).isZero();
    h.publish(m);
    assertThat(h.metricValue(ParkedGauges.EVENTS)).isEqualTo(1.0);
    assertThat(h.metricValue(ParkedGauges.OLDEST_AGE)).isZero();
    h.driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(rejected(RejectReason.PRICE_WAIT_EXPIRED)).isEmpty();
    assertThat(parkedCount()).isEqualTo(1);
    assertThat(h.metricValue(ParkedGauges.OLDEST_AGE)).as("the oldest parked event's wait, in seconds").isEqualTo(1800.0);
    h.publish(mystery("m3", NOW.minusSeconds(30)));
    assertThat(rejected(RejectReason.UNKNOWN_MODEL)).extracting(RejectedEvent::getEventId).containsExactly("m3");
    assertThat(h.metricValue(ParkedGauges.EVENTS)).isEqualTo(2.0);
    assertThat(h.metricValue(ParkedGauges.OLDEST_AGE)).as("still the oldest one's").isEqualTo(1800.0);

    h.driver.advanceWallClockTime(Duration.ofMinutes(31));
    List<RejectedEvent> expired = h.rejected.readValuesToList();
    assertThat(expired).singleElement().satisfies(r -> {
      assertThat(r.getReason()).isEqualTo(RejectReason.PRICE_WAIT_EXPIRED);
      assertThat(r.getEventId()).isEqualTo("m2");
      assertThat(h.replayPayload(r).getEventId()).as("replayable from the payload").isEqualTo("m2");
      assertThat(r.getMessage()).contains("events.parked_max_age", "mystery-1");
    });
    assertThat(parkedCount()).isEqualTo(1);   // m3, parked 30 minutes after m2
    assertThat(h.metricValue(ParkedGauges.EVENTS)).isEqualTo(1.0);
    assertThat(h.metricValue(ParkedGauges.OLDEST_AGE)).as("now m3's wait").isEqualTo(31 * 60.0);
    assertThat(h.metricTotal("price-wait-expired")).isEqualTo(1.0);

    // a price appears; the replayed payload is counted (its id was forgotten), once
    h.price(Prices.plain("acme-ai", "mystery-1", NOW.minus(Duration.ofDays(1)), "2", "4").build());
    h.rawEvents.pipeInput("m2", expired.get(0).getPayload().array());
    h.rawEvents.pipeInput("m2", expired.get(0).getPayload().array());
    assertThat(h.pricedValues()).extracting(p -> p.getEvent().getEventId()).containsExactly("m3", "m2");   // m3 re-priced first
    assertThat(h.metricValue(ParkedGauges.EVENTS)).isZero();
    assertThat(h.metricValue(ParkedGauges.OLDEST_AGE)).isZero();
  }

  @Test
  void undecodableAndMismatchedControlRecordsAreRejectedOnceAndTheRestApplies() {
    h.rawPrices.pipeInput("anthropic/claude-sonnet-4-5@2020-01-01T00:00:00Z", "not avro".getBytes(StandardCharsets.UTF_8));
    h.prices.pipeInput("openai/gpt-4o@2020-01-01T00:00:00Z", Prices.sonnet(Instant.parse("2020-01-01T00:00:00Z")).build());
    h.rawBudgets.pipeInput("acme|b1", new byte[] {0, 0, 0, 0, 1, 2, 3});
    h.price(Prices.sonnet(Instant.parse("2020-01-01T00:00:00Z")).build());
    h.publish(claude("e1", NOW.minusSeconds(60)).build());

    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).extracting(RejectedEvent::getReason)
        .containsExactlyInAnyOrder(RejectReason.DESERIALIZATION, RejectReason.INVALID_EVENT, RejectReason.DESERIALIZATION);
    assertThat(rejected).extracting(RejectedEvent::getSourceTopic)
        .containsExactlyInAnyOrder(h.topics.prices(), h.topics.prices(), h.topics.budgets());
    assertThat(rejected).allSatisfy(r -> assertThat(r.getPayload()).isNotNull());
    assertThat(h.pricedValues()).hasSize(1);
    // nothing is reported twice, however many records and punctuations follow
    h.publish(claude("e2", NOW.minusSeconds(30)).build());
    h.driver.advanceWallClockTime(h.settings.repriceInterval().multipliedBy(2));
    assertThat(h.rejected.readValuesToList()).isEmpty();
    assertThat(h.metricTotal("rejected-control")).isEqualTo(3.0);
    // kept with the global state, so a restart before they are published cannot lose them
    try (var kept = h.driver.<String, byte[]>getKeyValueStore(StoreNames.PRICES).prefixScan(ControlTopicUpdater.REJECTED_PREFIX,
        new org.apache.kafka.common.serialization.StringSerializer())) {
      int n = 0;
      while (kept.hasNext()) {
        kept.next();
        n++;
      }
      assertThat(n).isEqualTo(2);
    }
  }

  @Test
  void aBudgetUnderItsScopedKeyReplacesItsBareIdRecordInWhateverOrder() {
    h.price(Prices.sonnet(Instant.parse("2020-01-01T00:00:00Z")).build());
    Budget old = budget("acme", "daily", "1");
    h.budgets.pipeInput("daily", old);                              // put by an earlier version
    h.budgets.pipeInput(BudgetKeys.of(old), budget("acme", "daily", "10"));
    h.budgets.pipeInput("daily", old);                              // a late re-put of the bare record is ignored too
    h.publish(claude("a1", NOW.minus(Duration.ofHours(2))).setTokens(tokens(190_000, 0, 0, 0, 0)).build());   // $0.57
    assertThat(h.breaches.readValuesToList()).as("only the $10 budget applies").isEmpty();
  }

  private static Budget budget(String org, String id, String limit) {
    return Budget.newBuilder().setBudgetId(id).setOrgId(org).setScope(Scope.ORG).setScopeValue(org).setPeriod(Period.DAY)
        .setLimitUsd(new BigDecimal(limit).setScale(9)).setUpdatedTime(NOW).build();
  }

  @Test
  void twoOrganisationsMayUseOneBudgetIdAndARaisedLimitReArmsItsThresholds() {
    h.price(Prices.sonnet(Instant.parse("2020-01-01T00:00:00Z")).build());
    h.budget(budget("acme", "daily", "1"));
    h.budget(budget("globex", "daily", "100"));
    Instant t = NOW.minus(Duration.ofHours(2));
    h.publish(claude("a1", t).setTokens(tokens(190_000, 0, 0, 0, 0)).build());                      // acme $0.57
    h.publish(claude("g1", t).setOrgId("globex").setTokens(tokens(190_000, 0, 0, 0, 0)).build());   // globex $0.57

    List<BudgetBreach> first = h.breaches.readValuesToList();
    assertThat(first).extracting(BudgetBreach::getBreachId).containsExactly("acme|daily|2029-12-31T00:00:00Z|50|1");

    // acme raises its limit to $2: spend $1.14 reaches 50% of the new limit, a new breach
    h.budget(budget("acme", "daily", "2"));
    h.publish(claude("a2", t.plusSeconds(60)).setTokens(tokens(190_000, 0, 0, 0, 0)).build());
    assertThat(h.breaches.readValuesToList()).extracting(BudgetBreach::getBreachId)
        .containsExactly("acme|daily|2029-12-31T00:00:00Z|50|2");
    // re-putting the same budget re-arms nothing
    h.budget(budget("acme", "daily", "2"));
    h.publish(claude("a3", t.plusSeconds(120)).setTokens(tokens(10_000, 0, 0, 0, 0)).build());
    assertThat(h.breaches.readValuesToList()).isEmpty();
    // globex's budget of the same id was not replaced by acme's
    byte[] globex = h.driver.<String, byte[]>getKeyValueStore(StoreNames.BUDGETS).get(BudgetKeys.of("globex", "daily"));
    assertThat(h.serdes.budget().decode(h.topics.budgets(), globex).getLimitUsd()).isEqualByComparingTo("100");
  }
}
