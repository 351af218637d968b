package dev.tokenledger.processor.streams;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.CostQuote;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.UnpriceableUsageException;
import dev.tokenledger.pricing.UsagePricer;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireRecord;
import dev.tokenledger.schemas.serde.WireFormatException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Raw bytes in, priced events or rejections out, partitioned by event id:
 * decode (bad bytes → DESERIALIZATION), validate (→ INVALID_EVENT, or FUTURE_EVENT_TIME for an event
 * dated after the processor's clock), de-duplicate by event id over the dedup retention (duplicates are
 * counted, not re-emitted), price with the version in force at the event time, or park the event
 * (→ UNKNOWN_MODEL) until a price arrives.
 *
 * <p>De-duplication is on the time an id was first SEEN (the processor's wall clock), not on its event
 * time (ADR 0220): an id is remembered for {@code dedup.retention} after it first arrived, however old
 * the event is, so a first backfill of months of history is counted in full. The window store's
 * timestamps are wall-clock times; its entries and the input offsets commit in the same transaction.
 *
 * <p>Time policy (ADR 0222): every record this processor emits carries the processor's wall-clock time
 * as its timestamp, never the event time, so no event time can make the broker refuse an output
 * ({@code message.timestamp.after.max.ms}) or make time-based retention delete it early.
 *
 * <p>Parked events wait in {@code unpriced-events}, with the time they were parked in
 * {@code unpriced-since}. They are retried whenever the price book changes, and given up after
 * {@code events.parked_max_age} (→ PRICE_WAIT_EXPIRED, their id forgotten by the dedup store so that a
 * replay is counted). {@code streams parked} lists them from the stores' changelogs.
 *
 * <p>The task of partition 0 also publishes the rejections of the control topics
 * ({@link ControlTopicRejects}), remembering each in {@code control-rejects-reported}.
 */
final class IntakeProcessor implements Processor<String, byte[], String, Object> {

  private final String inputTopic;
  private final AvroSerde<UsageEvent> serde;
  private final TopologySettings settings;
  private final PriceBook prices;
  private final ControlTopicRejects controlRejects;
  private final Clock clock;
  private final UsagePricer pricer = new UsagePricer();
  private final EventValidator validator;

  private ProcessorContext<String, Object> context;
  private WindowStore<String, Long> dedup;
  private UnpricedEvents unpriced;
  private ParkedGauges parkedGauges;
  private KeyValueStore<String, Long> controlReported;
  private ProcessingMetrics metrics;
  private long checkedRevision = -1;
  private long checkedControlRevision = -1;
  private boolean publishesControlRejects;
  private String parkedChangelog;
  private long lastExpiryScan = Long.MIN_VALUE;

  IntakeProcessor(String inputTopic, AvroSerde<UsageEvent> serde, TopologySettings settings, PriceBook prices,
      ControlTopicRejects controlRejects, Clock clock) {
    this.inputTopic = inputTopic;
    this.serde = serde;
    this.settings = settings;
    this.prices = prices;
    this.controlRejects = controlRejects;
    this.clock = clock;
    this.validator = new EventValidator(settings.maxFutureSkew());
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.dedup = context.getStateStore(StoreNames.DEDUP);
    closeGauges();
    this.parkedGauges = new ParkedGauges(context.metrics(), "intake-" + context.taskId());
    this.unpriced = new UnpricedEvents(context.getStateStore(StoreNames.UNPRICED), context.getStateStore(StoreNames.UNPRICED_SINCE),
        dedup, parkedGauges);
    this.controlReported = context.getStateStore(StoreNames.CONTROL_REJECTS_REPORTED);
    this.publishesControlRejects = context.taskId().partition() == 0;
    this.parkedChangelog = context.applicationId() + "-" + StoreNames.UNPRICED + "-changelog";
    this.metrics = new ProcessingMetrics(context.metrics(), "intake-" + context.taskId(), Counter.PRICED, Counter.DUPLICATE,
        Counter.REJECTED_DESERIALIZATION, Counter.REJECTED_INVALID, Counter.REJECTED_FUTURE, Counter.UNKNOWN_MODEL,
        Counter.REPRICED, Counter.PRICE_WAIT_EXPIRED, Counter.REJECTED_CONTROL);
    unpriced.startClocks(context.currentSystemTimeMs());
    context.schedule(settings.repriceInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
      repriceIfPricesChanged();
      expireParked();
      publishControlRejects();
    });
  }

  @Override
  public void process(Record<String, byte[]> record) {
    repriceIfPricesChanged();
    publishControlRejects();
    Optional<org.apache.kafka.streams.processor.api.RecordMetadata> origin = context.recordMetadata();
    if (record.value() == null) {
      reject(RejectReason.INVALID_EVENT, "null value (tombstone) on the usage topic", null, null, origin);
      metrics.count(Counter.REJECTED_INVALID);
      return;
    }
    WireRecord<UsageEvent> read;
    try {
      read = serde.decodeWire(inputTopic, record.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e; // infrastructure: the registry client already retried; fail loudly, do not reject data
    } catch (WireFormatException e) {
      reject(RejectReason.DESERIALIZATION, e.getClass().getSimpleName() + ": " + e.getMessage(), null, record.value(), origin);
      metrics.count(Counter.REJECTED_DESERIALIZATION);
      return;
    }
    UsageEvent event = read.value();
    long now = context.currentSystemTimeMs();
    EventValidator.Verdict verdict = validator.check(record.key(), event, Instant.ofEpochMilli(now));
    if (!verdict.ok()) {
      reject(verdict.reason(), verdict.message(), EventValidator.carriable(event), record.value(), origin);
      metrics.count(verdict.reason() == RejectReason.FUTURE_EVENT_TIME ? Counter.REJECTED_FUTURE : Counter.REJECTED_INVALID);
      return;
    }
    if (isDuplicate(event.getEventId(), now)) {
      metrics.count(Counter.DUPLICATE);
      return;
    }
    // window timestamp = first seen (wall clock); value = event time (informational)
    dedup.put(event.getEventId(), event.getEventTime().toEpochMilli(), now);
    if (!tryPrice(read)) {
      unpriced.park(event, now);
      metrics.count(Counter.UNKNOWN_MODEL);
    }
  }

  /**
   * True when the id was first seen within the retention before {@code now}. The upper bound is open:
   * should the wall clock step back (NTP correction, a task moving to a host whose clock is behind), ids
   * recorded at a "later" time are still found.
   */
  private boolean isDuplicate(String eventId, long now) {
    long from = Math.max(0, now - settings.dedupRetention().toMillis());
    // the long-based fetch: the Instant one builds an error-message prefix on every call (ADR 0223)
    try (WindowStoreIterator<Long> it = dedup.fetch(eventId, from, Long.MAX_VALUE)) {
      return it.hasNext();
    }
  }

  /**
   * Prices and emits the event (or rejects it when its cost cannot be represented); false (and an
   * UNKNOWN_MODEL rejection) when no price is in force.
   */
  private boolean tryPrice(WireRecord<UsageEvent> read) {
    UsageEvent event = read.value();
    PriceResolution r = prices.find(event.getProvider(), event.getModel(), event.getEventTime());
    if (r instanceof PriceResolution.Found found) {
      emitOrReject(event, read, found.normalizedModel(), found.price(), context.recordMetadata());
      return true;
    }
    String message = ((PriceResolution.Missing) r).message() + "; the event waits (events.parked_max_age = "
        + settings.parkedMaxAge() + ") and is priced when a price arrives";
    forward(event.getEventId(), Rejections.of(RejectReason.UNKNOWN_MODEL, message, event, null, context.recordMetadata(),
        clock.instant()));
    return false;
  }

  /**
   * Emits the priced event; true. An event whose cost does not fit the contract's decimal(18, 9) (or
   * whose counts overflow) is rejected as INVALID_EVENT with the pricer's reason instead: emitting it
   * would fail the producer's serialisation, kill the stream thread and re-process the record forever.
   * {@code origin}: the input record, or empty for a parked event re-priced later. {@code read}: the event
   * as read with its bytes (its encoding is copied into the priced record's, ADR 0227), or null.
   */
  private boolean emitOrReject(UsageEvent event, WireRecord<UsageEvent> read, String normalizedModel, ModelPrice price,
      Optional<org.apache.kafka.streams.processor.api.RecordMetadata> origin) {
    CostQuote q;
    try {
      q = pricer.quote(price, event.getTokens(), event.getServiceTier(), event.getSpeed());
    } catch (UnpriceableUsageException e) {
      String message = "cannot be priced with " + price.getVersion() + " for " + normalizedModel + ": " + e.getMessage();
      forward(event.getEventId(), Rejections.of(RejectReason.INVALID_EVENT, message, event, null, origin, clock.instant()));
      metrics.count(Counter.REJECTED_INVALID);
      return false;
    }
    PricedUsage priced = FirstPricedVersion.of(event, normalizedModel, price, q, clock.instant());
    metrics.count(Counter.PRICED);
    // keyed by organisation straight into the repartition (ADR 0229: no branch, unwrap or re-key node)
    context.forward(new Record<String, Object>(event.getOrgId(), WireRecord.containing(priced, read), context.currentSystemTimeMs()),
        NodeNames.PRICED_BY_ORG_ENTRY);
    return true;
  }

  /** Retries the parked events when the price book changed since the last check. */
  private void repriceIfPricesChanged() {
    long revision = prices.revision();
    if (revision == checkedRevision) {
      return;
    }
    checkedRevision = revision;
    for (UnpricedEvents.Waiting waiting : unpriced.all()) {
      UsageEvent event = waiting.event();
      EventValidator.Verdict verdict = validator.check(event.getEventId(), event, Instant.ofEpochMilli(context.currentSystemTimeMs()));
      if (!verdict.ok()) {   // parked under earlier rules: the current ones decide; a corrected replay counts
        forward(event.getEventId(), Rejections.of(verdict.reason(), verdict.message(), event, payloadOf(event), Optional.empty(),
            clock.instant()));
        metrics.count(verdict.reason() == RejectReason.FUTURE_EVENT_TIME ? Counter.REJECTED_FUTURE : Counter.REJECTED_INVALID);
        unpriced.giveUp(event.getEventId());
        continue;
      }
      PriceResolution r = prices.find(event.getProvider(), event.getModel(), event.getEventTime());
      if (r instanceof PriceResolution.Found found) {
        if (emitOrReject(event, null, found.normalizedModel(), found.price(), Optional.empty())) {
          metrics.count(Counter.REPRICED);
        }
        unpriced.unpark(event.getEventId());   // priced, or rejected with its reason: no longer waiting
      }
    }
  }

  /**
   * Gives up the events parked longer than {@code events.parked_max_age} (PRICE_WAIT_EXPIRED) and
   * forgets their ids, so that replaying them once a price exists counts them. Runs at most every tenth
   * of the age limit (at most hourly), and reads only the parked-time store until something is due.
   */
  private void expireParked() {
    long now = context.currentSystemTimeMs();
    long maxAge = settings.parkedMaxAge().toMillis();
    long every = Math.max(settings.repriceInterval().toMillis(), Math.min(maxAge / 10, 3_600_000L));
    if (lastExpiryScan != Long.MIN_VALUE && now - lastExpiryScan < every) {
      return;
    }
    lastExpiryScan = now;
    for (String id : unpriced.parkedBefore(now - maxAge)) {
      UsageEvent event = unpriced.event(id);
      if (event == null) {
        unpriced.unpark(id);
        continue;
      }
      String message = "no price for model '" + event.getModel() + "' of provider '" + event.getProvider() + "' arrived within "
          + settings.parkedMaxAge() + " (events.parked_max_age) after the event was parked at "
          + Instant.ofEpochMilli(unpriced.since(id)) + "; it is no longer waiting: add a price (or an alias) and replay the"
          + " payload (or the event) of this record";
      forward(id, Rejections.of(RejectReason.PRICE_WAIT_EXPIRED, message, event, payloadOf(event), Optional.empty(),
          clock.instant()));
      metrics.count(Counter.PRICE_WAIT_EXPIRED);
      unpriced.giveUp(id);
    }
  }

  /** The event in the wire format, for a replay ({@link Rejections#payload}). */
  private byte[] payloadOf(UsageEvent event) {
    return Rejections.payload(serde, parkedChangelog, event);
  }

  /** Publishes the control-topic rejections not published yet (only the task of partition 0 does). */
  private void publishControlRejects() {
    if (!publishesControlRejects || controlRejects.revision() == checkedControlRevision) {
      return;
    }
    checkedControlRevision = controlRejects.revision();
    for (var e : controlRejects.all()) {
      if (controlReported.get(e.getKey()) == null) {
        forward(e.getKey(), e.getValue());
        controlReported.put(e.getKey(), context.currentSystemTimeMs());
        metrics.count(Counter.REJECTED_CONTROL);
      }
    }
  }

  private void reject(RejectReason reason, String message, UsageEvent event, byte[] payload,
      Optional<org.apache.kafka.streams.processor.api.RecordMetadata> origin) {
    var rejected = Rejections.of(reason, message, event, payload, origin, clock.instant());
    forward(Rejections.key(rejected), rejected);
  }

  /** Emits a rejection, stamped with the processor's clock (ADR 0222). */
  private void forward(String key, dev.tokenledger.events.RejectedEvent rejected) {
    context.forward(new Record<String, Object>(key, new Outcome.Rejected(rejected), context.currentSystemTimeMs()),
        NodeNames.INTAKE_REJECTED_SINK);
  }

  @Override
  public void close() {
    closeGauges();
  }

  /** The gauges of a task that is closed (or re-initialised) would report stale figures: removed. */
  private void closeGauges() {
    if (parkedGauges != null) {
      parkedGauges.close();
      parkedGauges = null;
    }
  }
}
