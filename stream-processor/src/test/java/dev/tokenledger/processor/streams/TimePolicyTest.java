package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.rollup.RollupKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The time policy (ADR 0222) on the TopologyTestDriver, wall clock at {@link TopologyHarness#WALL_CLOCK}:
 * outputs carry the processor's clock, never the event time; events beyond the skew are FUTURE_EVENT_TIME;
 * events inside it close no period early.
 */
class TimePolicyTest {

  private static final Instant NOW = TopologyHarness.WALL_CLOCK;   // 2030-01-01T00:00:00Z
  private static final Instant PRICES_FROM = Instant.parse("2020-01-01T00:00:00Z");

  private TopologyHarness h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));

  @AfterEach
  void close() {
    h.close();
  }

  private static UsageEvent event(String id, Instant t) {
    return claude(id, t).setTokens(tokens(100_000, 0, 0, 0, 0)).build();
  }

  @Test
  void everyOutputCarriesTheProcessorClockNotTheEventTime() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    Instant twoYearsAgo = NOW.minus(Duration.ofDays(730));
    h.publish(event("soon", NOW.plus(Duration.ofMinutes(10))));    // inside the skew: priced
    h.publish(event("old", twoYearsAgo));                          // priced, and LATE for its closed periods
    h.publish(claude("bad", NOW).setUserId(" ").build());          // INVALID_EVENT
    h.publish(event("ahead", NOW.plus(Duration.ofHours(3))));      // FUTURE_EVENT_TIME

    List<TestRecord<String, ?>> out = new java.util.ArrayList<>();
    out.addAll(h.priced.readRecordsToList());
    out.addAll(h.rejected.readRecordsToList());
    h.driver.advanceWallClockTime(h.settings.rollupEmitInterval());
    Instant emitted = NOW.plus(h.settings.rollupEmitInterval());
    List<TestRecord<String, UsageRollup>> rollups = h.rollups.readRecordsToList();
    assertThat(out).hasSize(5);   // 2 priced, 3 rejected (LATE, INVALID_EVENT, FUTURE_EVENT_TIME)
    assertThat(out).allSatisfy(r -> assertThat(r.getRecordTime()).isEqualTo(NOW));
    assertThat(rollups).isNotEmpty().allSatisfy(r -> assertThat(r.getRecordTime()).isEqualTo(emitted));
  }

  @Test
  void anEventBeyondTheSkewIsRejectedAsFutureEventTimeWithItsPayload() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    UsageEvent threeHours = event("3h", NOW.plus(Duration.ofHours(3)));
    UsageEvent twoDays = event("2d", NOW.plus(Duration.ofDays(2)));
    h.publish(threeHours);
    h.publish(twoDays);
    h.publish(event("normal", NOW.minusSeconds(60)));

    assertThat(h.pricedValues()).extracting(p -> p.getEvent().getEventId()).containsExactly("normal");
    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).extracting(RejectedEvent::getEventId).containsExactly("3h", "2d");
    assertThat(rejected).allSatisfy(r -> {
      assertThat(r.getReason()).isEqualTo(RejectReason.FUTURE_EVENT_TIME);
      assertThat(h.replayPayload(r).getEventId()).as("replayable from the payload").isEqualTo(r.getEventId());
      assertThat(r.getMessage()).contains("events.max_future_skew", "host 'laptop'");
    });
    assertThat(h.metricTotal("rejected-future")).isEqualTo(2.0);
    assertThat(h.metricTotal("rejected-invalid")).isZero();
  }

  @Test
  void anEventInsideTheSkewClosesNoPeriodForTheOtherMachines() {
    h.close();
    TopologySettings d = TopologySettings.defaults(ZoneOffset.UTC);
    // grace 5 min: the hour 23:00–24:00 of 2029-12-31 (ending at NOW) stays open until 00:05
    h = new TopologyHarness(new TopologySettings(ZoneOffset.UTC, d.dedupRetention(), Duration.ofMinutes(5),
        d.rollupEmitInterval(), d.repriceInterval(), d.maxFutureSkew(), d.parkedMaxAge()));
    h.price(Prices.sonnet(PRICES_FROM).build());
    h.publish(event("fast-laptop", NOW.plus(Duration.ofMinutes(10))));   // accepted: inside the 15-minute skew
    h.publish(event("on-time", NOW.minusSeconds(120)));                   // 23:58 on a correct clock

    assertThat(h.pricedValues()).hasSize(2);
    assertThat(h.rejected.readValuesToList()).noneMatch(r -> r.getReason() == RejectReason.LATE);
    String hour23 = new RollupKey("acme", Scope.ORG, "acme", Period.HOUR, Instant.parse("2029-12-31T23:00:00Z")).asString();
    assertThat(h.latestRollups().get(hour23).getRequests()).isEqualTo(1);
  }
}
