package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.rollup.RollupKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The intake's guards (TopologyTestDriver, wall clock starting at {@link TopologyHarness#WALL_CLOCK}):
 * de-duplication on first-seen time, events dated after the processor's clock, oversized token counts.
 */
class IntakeGuardsTest {

  private static final Instant NOW = TopologyHarness.WALL_CLOCK;   // 2030-01-01T00:00:00Z
  private static final Instant PRICES_FROM = Instant.parse("2028-01-01T00:00:00Z");

  private final TopologyHarness h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));

  @AfterEach
  void close() {
    h.close();
  }

  private static UsageEvent event(String id, Instant t) {
    return claude(id, t).setTokens(tokens(100_000, 0, 0, 0, 0)).build();   // $0.30 at $3/M
  }

  private static List<String> ids(List<PricedUsage> priced) {
    return priced.stream().map(p -> p.getEvent().getEventId()).toList();
  }

  private List<RejectedEvent> rejected(RejectReason reason) {
    return h.rejected.readValuesToList().stream().filter(r -> r.getReason() == reason).toList();
  }

  // --- de-duplication on first-seen time ---------------------------------------------------------

  @Test
  void aFirstBackfillCountsHistoryMonthsOlderThanTheNewestEvent() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    // file order: the newest session file first, then months-old history (far beyond the 35-day retention)
    h.publish(event("dec", Instant.parse("2029-12-20T10:00:00Z")));
    h.publish(event("jun", Instant.parse("2029-06-01T10:00:00Z")));
    h.publish(event("jan", Instant.parse("2029-01-10T10:00:00Z")));

    assertThat(ids(h.pricedValues())).containsExactly("dec", "jun", "jan");
    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).noneMatch(r -> r.getReason() == RejectReason.INVALID_EVENT);
    // the rollup stage keeps its own rule: periods closed beyond the grace report the event (LATE), counted in priced
    assertThat(rejected).filteredOn(r -> r.getReason() == RejectReason.LATE).extracting(RejectedEvent::getEventId)
        .containsExactlyInAnyOrder("jun", "jan");
    assertThat(h.metricTotal("rejected-invalid")).isZero();

    // a second backfill of the same history adds nothing
    h.publish(event("jan", Instant.parse("2029-01-10T10:00:00Z")));
    h.publish(event("jun", Instant.parse("2029-06-01T10:00:00Z")));
    assertThat(h.pricedValues()).isEmpty();
    assertThat(h.metricTotal("duplicate")).isEqualTo(2.0);
  }

  @Test
  void anIdIsRememberedForTheRetentionAfterItWasFirstSeenWhateverItsEventTime() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    UsageEvent old = event("old", Instant.parse("2028-03-01T10:00:00Z"));   // ~22 months before the clock
    h.publish(event("recent", NOW.minusSeconds(60)));
    h.publish(old);
    assertThat(ids(h.pricedValues())).containsExactly("recent", "old");

    h.driver.advanceWallClockTime(Duration.ofDays(34));
    h.publish(old);
    assertThat(h.pricedValues()).isEmpty();
    assertThat(h.metricTotal("duplicate")).isEqualTo(1.0);

    // past the retention after first sight the id is forgotten (documented limit of dedup.retention)
    h.driver.advanceWallClockTime(Duration.ofDays(2));
    h.publish(old);
    assertThat(ids(h.pricedValues())).containsExactly("old");
  }

  // --- event times beyond the processor's clock ----------------------------------------------------

  @Test
  void anEventDatedBeyondTheProcessorClockIsRejectedAndClosesNoPeriod() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    h.publish(event("evening", Instant.parse("2029-12-31T23:00:00Z")));
    // a laptop whose clock is half a year ahead: eventTime and observedTime agree, so only the processor's clock tells
    UsageEvent future = event("future", Instant.parse("2030-06-01T12:00:00Z"));
    h.publish(future);
    h.publish(event("within-skew", NOW.plus(Duration.ofMinutes(10))));   // events.max_future_skew = 15m
    h.publish(event("afternoon", Instant.parse("2029-12-31T14:00:00Z")));

    assertThat(ids(h.pricedValues())).containsExactly("evening", "within-skew", "afternoon");
    List<RejectedEvent> rejected = h.rejected.readValuesToList();
    assertThat(rejected).singleElement().satisfies(r -> {
      assertThat(r.getReason()).isEqualTo(RejectReason.FUTURE_EVENT_TIME);
      assertThat(r.getEventId()).isEqualTo("future");
      assertThat(r.getEvent()).isEqualTo(future);
      assertThat(r.getMessage()).contains("2030-06-01T12:00:00Z", "stream processor's clock 2030-01-01T00:00:00Z",
          "events.max_future_skew");
    });
    // the 14:00 hour (end + 24 h grace > 2030-01-01T12:00) is open: "future" did not advance the org's stream time
    String hour14 = new RollupKey("acme", Scope.ORG, "acme", Period.HOUR, Instant.parse("2029-12-31T14:00:00Z")).asString();
    UsageRollup hour = h.latestRollups().get(hour14);
    assertThat(hour).isNotNull();
    assertThat(hour.getRequests()).isEqualTo(1);
    assertThat(h.metricTotal("late")).isZero();

    // once the processor's clock has caught up, the same event is accepted (rejections are not remembered)
    h.driver.advanceWallClockTime(Duration.between(NOW, future.getEventTime()));
    h.publish(future);
    assertThat(ids(h.pricedValues())).containsExactly("future");
  }

  // --- oversized token counts and costs --------------------------------------------------------------

  @Test
  void tokenCountsAboveTheMaximumAreRejectedAndTheAppKeepsRunning() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    Instant t = NOW.minusSeconds(3600);
    h.publish(claude("huge", t).setTokens(tokens(Long.MAX_VALUE, 0, 0, 0, 0)).build());
    h.publish(claude("sum", t).setTokens(tokens(300_000_000_000L, 300_000_000_000L, 300_000_000_000L, 0, 300_000_000_000L))
        .build());
    h.publish(claude("max", t).setTokens(tokens(0, EventValidator.MAX_TOKENS, 0, 0, 0)).build());   // 10^12 × $15/M
    h.publish(event("fine", t));

    List<RejectedEvent> rejected = rejected(RejectReason.INVALID_EVENT);
    assertThat(rejected).extracting(RejectedEvent::getEventId).containsExactly("huge", "sum");
    assertThat(rejected.get(0).getMessage()).contains("above the maximum of 1000000000000 per class: input = "
        + Long.MAX_VALUE);
    assertThat(rejected.get(1).getMessage()).contains("sum to 1200000000000, above the maximum of 1000000000000");
    List<PricedUsage> priced = h.pricedValues();
    assertThat(ids(priced)).containsExactly("max", "fine");
    assertThat(priced.get(0).getCost().getTotal()).isEqualByComparingTo("15000000");
  }

  @Test
  void aReportedCostBeyondItsDecimalIsRejectedNotCopiedIntoThePricedTopic() {
    h.price(Prices.sonnet(PRICES_FROM).build());
    Instant t = NOW.minusSeconds(3600);
    // Avro checks a decimal's precision when writing, not when reading: a producer that does not check it
    // can send 10^10 USD in decimal(18, 9); the priced record would carry the event's bytes as received
    byte[] wire = h.serdes.usageEvent().serializer().serialize(h.topics.usageEvents(),
        claude("too-costly", t).setReportedCostUsd(new BigDecimal("0.123456789")).build());
    byte[] fits = {0x08, 0x07, 0x5B, (byte) 0xCD, 0x15};   // length 4, unscaled 123456789
    byte[] beyond = {0x12, 0x00, (byte) 0x8A, (byte) 0xC7, 0x23, 0x04, (byte) 0x89, (byte) 0xE8, 0x00, 0x00};   // length 9, 10^19
    h.rawEvents.pipeInput("too-costly", replaceOnce(wire, fits, beyond), t);
    h.publish(event("fine", t));

    assertThat(ids(h.pricedValues())).containsExactly("fine");
    assertThat(rejected(RejectReason.INVALID_EVENT)).singleElement().satisfies(r -> {
      assertThat(r.getEventId()).isEqualTo("too-costly");
      assertThat(r.getMessage()).contains("reportedCostUsd 10000000000.000000000 does not fit decimal(18, 9)");
      assertThat(r.getEvent().getReportedCostUsd()).isNull();
      assertThat(r.getPayload().array()).contains(beyond);   // nothing lost: the bytes as received
    });
  }

  private static byte[] replaceOnce(byte[] in, byte[] what, byte[] with) {
    int at = -1;
    for (int i = 0; i + what.length <= in.length && at < 0; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        at = i;
      }
    }
    assertThat(at).as("the encoded cost").isNotNegative();
    byte[] out = new byte[in.length - what.length + with.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(with, 0, out, at, with.length);
    System.arraycopy(in, at + what.length, out, at + with.length, in.length - at - what.length);
    return out;
  }

  @Test
  void anEventWhoseCostDoesNotFitTheContractIsRejectedInsteadOfCrashingTheApp() {
    h.price(Prices.plain("acme-ai", "gold-1", PRICES_FROM, "10000000", "10000000").build());   // 10 USD per token
    Instant t = NOW.minusSeconds(3600);
    UsageEvent costly = claude("costly", t).setProvider("acme-ai").setModel("gold-1")
        .setTokens(tokens(200_000_000, 0, 0, 0, 0)).build();   // 2·10^9 USD > decimal(18, 9)
    h.publish(costly);
    h.publish(claude("cheap", t).setProvider("acme-ai").setModel("gold-1").setTokens(tokens(100, 0, 0, 0, 0)).build());
    h.publish(costly);   // a re-sent copy is a duplicate, not a second rejection

    assertThat(rejected(RejectReason.INVALID_EVENT)).singleElement().satisfies(r -> {
      assertThat(r.getEventId()).isEqualTo("costly");
      assertThat(r.getEvent()).isEqualTo(costly);
      assertThat(r.getSourceTopic()).isEqualTo(h.topics.usageEvents());
      assertThat(r.getMessage()).contains("input cost 2000000000.000000000 USD", "does not fit decimal(18,9)", "gold-1");
    });
    assertThat(h.pricedValues()).extracting(p -> p.getEvent().getEventId()).containsExactly("cheap");
    assertThat(h.metricTotal("rejected-invalid")).isEqualTo(1.0);
    assertThat(h.metricTotal("duplicate")).isEqualTo(1.0);
  }

  @Test
  void aParkedEventWhoseCostDoesNotFitIsRejectedWhenItsPriceArrivesAndStopsWaiting() {
    Instant t = NOW.minusSeconds(3600);
    UsageEvent costly = claude("costly", t).setProvider("acme-ai").setModel("gold-2")
        .setTokens(tokens(200_000_000, 0, 0, 0, 0)).build();
    UsageEvent cheap = claude("cheap", t).setProvider("acme-ai").setModel("gold-2").setTokens(tokens(100, 0, 0, 0, 0)).build();
    h.publish(costly);
    h.publish(cheap);
    assertThat(rejected(RejectReason.UNKNOWN_MODEL)).hasSize(2);

    h.price(Prices.plain("acme-ai", "gold-2", PRICES_FROM, "10000000", "10000000").build());
    h.driver.advanceWallClockTime(h.settings.repriceInterval());

    assertThat(rejected(RejectReason.INVALID_EVENT)).singleElement().satisfies(r -> {
      assertThat(r.getEventId()).isEqualTo("costly");
      assertThat(r.getEvent()).isEqualTo(costly);
      assertThat(r.getMessage()).contains("does not fit decimal(18,9)");
    });
    assertThat(ids(h.pricedValues())).containsExactly("cheap");
    assertThat(h.metricTotal("repriced")).isEqualTo(1.0);
    try (var waiting = h.driver.<String, UsageEvent>getKeyValueStore(StoreNames.UNPRICED).all()) {
      assertThat(waiting.hasNext()).isFalse();
    }
    // a later price change does not bring it back
    h.price(Prices.plain("acme-ai", "gold-2", PRICES_FROM.plusSeconds(60), "20000000", "20000000").build());
    h.driver.advanceWallClockTime(h.settings.repriceInterval());
    assertThat(h.rejected.readValuesToList()).isEmpty();
    assertThat(h.pricedValues()).isEmpty();
  }
}
