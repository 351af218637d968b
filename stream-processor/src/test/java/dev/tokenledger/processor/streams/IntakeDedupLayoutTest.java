package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/**
 * The intake de-duplicates by event id only the events the precedence stage does not match (ADR 0230);
 * a task that held state of the earlier layout keeps looking matched events up for one dedup retention.
 * The intake runs here on a mock context over in-memory stores, so a task can be "restarted" on the same
 * state.
 */
class IntakeDedupLayoutTest {

  private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
  private static final Instant EVENT_TIME = Instant.parse("2026-12-01T10:00:00Z");

  private final TopologySettings settings = TopologySettings.defaults(ZoneOffset.UTC);
  private final long retention = settings.dedupRetention().toMillis();
  private final Topics topics = Topics.withPrefix("test.");
  private final TopologySerdes serdes = TopologySerdes.create(new InMemorySchemaRegistry());
  private final PriceBook prices = new PriceBook();
  private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
  private final WindowStore<String, Long> dedup = Stores.windowStoreBuilder(
          Stores.inMemoryWindowStore(StoreNames.DEDUP, settings.dedupRetention(), Duration.ofMillis(1), false), Serdes.String(),
          Serdes.Long())
      .withLoggingDisabled().build();
  private final KeyValueStore<String, Long> layout = kv(StoreNames.INTAKE_LAYOUT, Serdes.Long());

  IntakeDedupLayoutTest() {
    dedup.init(context.getStateStoreContext(), dedup);
    context.addStateStore(dedup);
    kv(StoreNames.UNPRICED, serdes.usageEvent());
    kv(StoreNames.UNPRICED_SINCE, Serdes.Long());
    kv(StoreNames.CONTROL_REJECTS_REPORTED, Serdes.Long());
    prices.put(Prices.plain("anthropic", "claude-sonnet-4-5-20250929", Instant.parse("2026-01-01T00:00:00Z"), "3", "15").build());
    context.setRecordMetadata(topics.usageEvents(), 0, 0);
  }

  private <V> KeyValueStore<String, V> kv(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().withCachingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  /** A task (re)started at {@code now} on the stores as they are. */
  private IntakeProcessor start(long now) {
    context.setCurrentSystemTimeMs(now);
    IntakeProcessor intake = new IntakeProcessor(topics.usageEvents(), serdes.usageEvent(), settings, prices,
        new ControlTopicRejects(), Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    intake.init(context);
    return intake;
  }

  /** The event ids the intake forwards to the precedence stage when it reads {@code events}, in order. */
  private List<String> passed(IntakeProcessor intake, UsageEvent... events) {
    context.resetForwards();
    for (UsageEvent e : events) {
      intake.process(new Record<>(e.getEventId(), serdes.usageEvent().serializer().serialize(topics.usageEvents(), e),
          context.currentSystemTimeMs()));
    }
    return context.forwarded().stream().filter(f -> NodeNames.PRICED_BY_ORG_ENTRY.equals(f.childName().orElse(null)))
        .map(f -> ((dev.tokenledger.schemas.serde.WireRecord<?>) f.record().value()).value())
        .map(v -> ((dev.tokenledger.events.PricedUsage) v).getEvent().getEventId()).toList();
  }

  private boolean recorded(String eventId) {
    try (WindowStoreIterator<Long> it = dedup.fetch(eventId, 0, Long.MAX_VALUE)) {
      return it.hasNext();
    }
  }

  private static UsageEvent matched(String id) {
    return claude(id, EVENT_TIME).build();
  }

  private static UsageEvent unmatched(String id) {
    return claude(id, EVENT_TIME).setRequestId(null).build();
  }

  @Test
  void aNewTaskRecordsAndLooksUpOnlyTheEventsThePrecedenceStageDoesNotMatch() {
    IntakeProcessor intake = start(NOW);
    assertThat(layout.get(IntakeDedupLayout.KEY)).isEqualTo(IntakeDedupLayout.NEW);

    assertThat(passed(intake, matched("m1"), unmatched("u1"), unmatched("u1"))).containsExactly("m1", "u1");
    assertThat(recorded("m1")).as("a matched event is de-duplicated by the precedence stage, not recorded here").isFalse();
    assertThat(recorded("u1")).isTrue();

    // a matched id in the window is not even looked up: the copy passes, and the precedence stage drops it
    dedup.put("m2", EVENT_TIME.toEpochMilli(), NOW);
    assertThat(passed(intake, matched("m2"), matched("m1"))).containsExactly("m2", "m1");
  }

  @Test
  void aTaskWithStateOfTheEarlierLayoutLooksMatchedEventsUpForOneRetentionAfterItFirstRanThisLayout() {
    // written by the earlier version, which recorded every event
    dedup.put("old", EVENT_TIME.toEpochMilli(), NOW - 1_000);
    dedup.put("old-plain", EVENT_TIME.toEpochMilli(), NOW - 1_000);

    IntakeProcessor intake = start(NOW);
    assertThat(layout.get(IntakeDedupLayout.KEY)).isEqualTo(NOW);
    assertThat(passed(intake, matched("old"), unmatched("old-plain"), matched("fresh"))).containsExactly("fresh");
    assertThat(recorded("fresh")).isFalse();

    // restarted later (the recorded time stands): an entry of the earlier version still inside the retention is found
    long later = NOW + retention - 2_000;
    intake = start(later);
    assertThat(layout.get(IntakeDedupLayout.KEY)).isEqualTo(NOW);
    assertThat(passed(intake, matched("old"))).isEmpty();

    // one retention after the first start no entry of the earlier version can be inside the window: no look-up
    dedup.put("m3", EVENT_TIME.toEpochMilli(), NOW + retention);
    intake = start(NOW + retention);
    assertThat(passed(intake, matched("m3"))).as("not looked up any more").containsExactly("m3");
    assertThat(passed(intake, unmatched("old-plain"), unmatched("old-plain"))).as("out of the window, then recorded anew")
        .containsExactly("old-plain");
  }

  @Test
  void aCopyOfAParkedMatchedEventIsADuplicateAndIsReportedOnce() {
    IntakeProcessor intake = start(NOW);
    UsageEvent mystery = claude("p1", EVENT_TIME).setProvider("acme-ai").setModel("mystery-1").build();
    context.resetForwards();
    passed(intake, mystery, mystery);
    assertThat(context.forwarded()).filteredOn(f -> NodeNames.INTAKE_REJECTED_SINK.equals(f.childName().orElse(null)))
        .as("one UNKNOWN_MODEL notice").hasSize(1);
    assertThat(layout.get(IntakeDedupLayout.KEY)).isEqualTo(IntakeDedupLayout.NEW);
  }
}
