package dev.tokenledger.processor.streams;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.budget.BudgetBook;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.WireRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology of the stream processor, built by a pure function of the topic catalogue, the serdes
 * and the topology settings.
 *
 * <pre>
 * usage.events.v1 (bytes, key eventId)
 *   └─ intake: decode · validate · dedup [dedup-event-ids, window, retention]
 *              · price at event time [global prices] · park unknown models [unpriced-events]
 *        ├─ priced ─ key by orgId ──► repartition "priced-by-org"
 *        │    └─ precedence [request-precedence]: one version per (org, request id); a better copy later
 *        │         = a revision of the kept one, an equal or worse one = a duplicate (ADR 0145)
 *        │         ├─ key by eventId ──► usage.priced.v1
 *        │         └─ rollups [rollups, rollup-session-seen, rollup-dirty, rollup-expiry, rollup-clock]
 *        │              ├─ rollup versions (punctuated) ──► usage.rollups.v1
 *        │              ├─ late beyond grace ──► usage.rejected.v1
 *        │              └─ accepted ─ budgets [global budgets, rollups, rollup-clock, breaches-reported, budget-spend]
 *        │                   (also on changed budgets every 1 s and every budgets.evaluate_every) ──► budget.breaches.v1
 *        │                   (crossings and forecasts)
 *        └─ rejected (DESERIALIZATION, INVALID_EVENT, FUTURE_EVENT_TIME, UNKNOWN_MODEL, PRICE_WAIT_EXPIRED,
 *                     and once, from the task of partition 0, bad control-topic records) ──► usage.rejected.v1
 * pricing.models.v1 ──► global store "prices"   budgets.v1 ──► global store "budgets"   (decoded by the
 *   updaters: a bad record is rejected, not dropped)
 * </pre>
 *
 * <p>Every output record carries the processing wall-clock time as its timestamp (ADR 0222); event time
 * lives in the values only.
 */
public final class UsageTopology {

  private UsageTopology() {}

  /** The topology with the system clock (wall-clock stamps such as pricedTime and detectedTime). */
  public static Topology build(Topics topics, TopologySerdes serdes, TopologySettings settings) {
    return build(topics, serdes, settings, Clock.systemUTC());
  }

  /** The topology; {@code clock} stamps pricedTime, rejectedTime and detectedTime. */
  public static Topology build(Topics topics, TopologySerdes serdes, TopologySettings settings, Clock clock) {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(serdes, "serdes");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Serde<String> keys = Serdes.String();
    PriceBook priceBook = new PriceBook();
    BudgetBook budgetBook = new BudgetBook();
    ControlTopicRejects controlRejects = new ControlTopicRejects();
    StreamsBuilder b = new StreamsBuilder();

    b.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PRICES), keys, Serdes.ByteArray()).withLoggingDisabled(),
        topics.prices(), Consumed.with(keys, Serdes.ByteArray()).withName("prices-source"),
        () -> new PriceTableUpdater(topics.prices(), serdes.price(), serdes.rejected(), topics.rejected(), priceBook, controlRejects,
            clock));
    b.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BUDGETS), keys, Serdes.ByteArray()).withLoggingDisabled(),
        topics.budgets(), Consumed.with(keys, Serdes.ByteArray()).withName("budgets-source"),
        () -> new BudgetTableUpdater(topics.budgets(), serdes.budget(), serdes.rejected(), topics.rejected(), budgetBook,
            controlRejects, clock));

    Duration retention = settings.dedupRetention();
    b.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(StoreNames.DEDUP, retention, Duration.ofMillis(1), false), keys, Serdes.Long()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.UNPRICED), keys, serdes.usageEvent()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.UNPRICED_SINCE), keys, Serdes.Long()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CONTROL_REJECTS_REPORTED), keys,
        Serdes.Long()));

    KStream<String, byte[]> raw = b.stream(topics.usageEvents(),
        Consumed.with(keys, Serdes.ByteArray()).withName("usage-events-source"));
    // each processor forwards each kind of output by name straight to the node that handles it (ADR 0229):
    // no branch, unwrapping or re-keying node runs per record; a child stream below carries only the
    // records forwarded to that child, hence the casts
    KStream<String, Object> intake = raw.process(
        () -> new IntakeProcessor(topics.usageEvents(), serdes.usageEvent(), settings, priceBook, controlRejects, clock),
        Named.as("intake"), StoreNames.DEDUP, StoreNames.UNPRICED, StoreNames.UNPRICED_SINCE, StoreNames.CONTROL_REJECTS_REPORTED);
    toRejected(only(intake), topics, serdes, NodeNames.INTAKE_REJECTED_SINK);

    // the priced record is encoded once, copying the event's body as read (ADR 0227), and forwarded keyed
    // by organisation; from the repartition on, records carry the bytes they were read as: a record that
    // passes the precedence is stored and written to the priced topic as those bytes, not encoded again
    KStream<String, WireRecord<PricedUsage>> byOrg = UsageTopology.<WireRecord<PricedUsage>>only(intake)
        .repartition(Repartitioned.with(keys, serdes.priced().wire()).withName(NodeNames.PRICED_BY_ORG));

    // one priced version per provider request (ADR 0145): a better copy arriving later is a revision
    b.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(StoreNames.PRECEDENCE, retention, Duration.ofMillis(1), false), keys, serdes.priced().wire()));
    KStream<String, Object> keptRecords = byOrg.process(() -> new PrecedenceProcessor(settings),
        Named.as("precedence"), StoreNames.PRECEDENCE);
    UsageTopology.<WireRecord<PricedUsage>>only(keptRecords)
        .to(topics.priced(), Produced.with(keys, serdes.priced().wire()).withName(NodeNames.PRICED_SINK));
    KStream<String, PricedUsage> kept = only(keptRecords);

    // the rollup stores are written per event and read back by the same task: live objects behind a
    // write-behind layer that serializes each changed entry once per commit (ADR 0223)
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ROLLUP_CURRENT),
        keys, RollupStateSerdes.buckets())));
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ROLLUP_OLDER),
        keys, RollupStateSerdes.buckets())));
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ROLLUP_SESSIONS),
        keys, RollupStateSerdes.sessions())));   // layout 2, read once at start-up (ADR 0228)
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ROLLUP_SESSION_SEEN),
        keys, RollupStateSerdes.seen())));
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ROLLUP_DIRTY),
        keys, Serdes.Long())));
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ROLLUP_EXPIRY),
        keys, Serdes.Long())));
    b.addStateStore(CoalescingStoreBuilder.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ROLLUP_CLOCK),
        keys, Serdes.Long())));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BREACHES_REPORTED), keys, Serdes.Long()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.BUDGET_SPEND), keys, Serdes.String()));

    KStream<String, Outcome> rolled = kept.process(() -> new RollupProcessor(settings, clock), Named.as(NodeNames.ROLLUPS),
        StoreNames.ROLLUP_CURRENT, StoreNames.ROLLUP_OLDER, StoreNames.ROLLUP_SESSIONS, StoreNames.ROLLUP_SESSION_SEEN,
        StoreNames.ROLLUP_DIRTY, StoreNames.ROLLUP_EXPIRY, StoreNames.ROLLUP_CLOCK);
    rolled.to(topics.rollups(), Produced.with(keys, OutcomeSerializer.sinkSerde(serdes.rollup(), o -> ((Outcome.Rollup) o).value()))
        .withName(NodeNames.ROLLUPS_SINK));
    toRejected(rolled, topics, serdes, NodeNames.LATE_REJECTED_SINK);

    rolled.process(() -> new BudgetProcessor(budgetBook, settings, clock), Named.as(NodeNames.BUDGETS),
            StoreNames.ROLLUP_CURRENT, StoreNames.ROLLUP_OLDER, StoreNames.ROLLUP_CLOCK, StoreNames.BREACHES_REPORTED,
            StoreNames.BUDGET_SPEND)
        .to(topics.breaches(), Produced.with(keys, OutcomeSerializer.sinkSerde(serdes.breach(), o -> ((Outcome.Breach) o).value()))
            .withName("breaches-sink"));
    return b.build();
  }

  private static void toRejected(KStream<String, Outcome> stream, Topics topics, TopologySerdes serdes, String sinkName) {
    stream.to(topics.rejected(), Produced.with(Serdes.String(),
        OutcomeSerializer.sinkSerde(serdes.rejected(), o -> ((Outcome.Rejected) o).value())).withName(sinkName));
  }

  /**
   * The child stream of a processor that forwards each kind of output to its child by name (ADR 0229):
   * that child sees only its kind.
   */
  @SuppressWarnings("unchecked")
  private static <V> KStream<String, V> only(KStream<String, ?> stream) {
    return (KStream<String, V>) stream;
  }
}
