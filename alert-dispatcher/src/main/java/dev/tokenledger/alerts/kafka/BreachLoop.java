package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.alerts.config.VarianceSettings;
import dev.tokenledger.events.ReconciliationVariance;
import dev.tokenledger.operations.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import dev.tokenledger.alerts.delivery.LedgerExpiry;
import java.time.Instant;
import dev.tokenledger.alerts.config.AlertsSettings.TopicSettings;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.delivery.BreachTracker;
import dev.tokenledger.alerts.delivery.DeliveryJob;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import dev.tokenledger.alerts.delivery.Dispatcher;
import dev.tokenledger.alerts.delivery.Outcome;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts role's one Kafka thread: reads breaches (and reconciliation variances, ADR 0501), hands each
 * (breach, channel) not yet settled to its channel's worker, and writes every settlement (ledger record, and a
 * dead letter when it failed) in one Kafka transaction with the input offsets that are now fully settled (ADR 0500).
 */
public final class BreachLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BreachLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /**
   * While deliveries are under way the loop turns faster, so a settlement waits at most this long (plus the
   * commit) before it is on the ledger: the window in which a kill repeats a delivery (ADR 0500).
   */
  private static final Duration POLL_WHILE_DELIVERING = Duration.ofMillis(20);

  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final LedgerReader ledgerReader;
  private final AvroSerde<BudgetBreach> serde;
  private final AvroSerde<ReconciliationVariance> varianceSerde;
  private final VarianceSettings variances;
  private final TopicSettings topics;
  private final Dispatcher dispatcher;
  private final DeliveryLedger ledger;
  private final int maxPendingBreaches;
  private final Clock clock;
  private static final Duration EXPIRY_EVERY = Duration.ofHours(1);
  private final BreachTracker tracker = new BreachTracker();
  private final Set<Integer> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<String> tombstones = new ArrayList<>();
  private final java.util.function.Supplier<Duration> ledgerKeep;
  private LedgerExpiry expiry;
  private Instant nextExpiry = Instant.MIN;
  private final BlockingQueue<Settlement> settledByWorkers;
  private final List<Settlement> unwritten = new ArrayList<>();
  private final List<ProducerRecord<String, byte[]>> undecodable = new ArrayList<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private volatile boolean stopping;
  private volatile boolean started;
  private MeterRegistry meters;

  BreachLoop(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, LedgerReader ledgerReader,
      AvroSerde<BudgetBreach> serde, AvroSerde<ReconciliationVariance> varianceSerde, VarianceSettings variances,
      TopicSettings topics, Dispatcher dispatcher, DeliveryLedger ledger,
      int maxPendingBreaches, BlockingQueue<Settlement> settledByWorkers, Clock clock, java.util.function.Supplier<Duration> ledgerKeep) {
    this.varianceSerde = varianceSerde;
    this.variances = variances;
    this.ledgerKeep = ledgerKeep;
    this.settledByWorkers = settledByWorkers;
    this.consumer = consumer;
    this.producer = producer;
    this.ledgerReader = ledgerReader;
    this.serde = serde;
    this.topics = topics;
    this.dispatcher = dispatcher;
    this.ledger = ledger;
    this.maxPendingBreaches = maxPendingBreaches;
    this.clock = clock;
  }

  /**
   * Connects to Kafka and the registry and creates the role's own topics when missing.
   *
   * @param settledByWorkers where the dispatcher's workers put their settlements
   */
  public static BreachLoop open(AlertsSettings s, Dispatcher dispatcher, DeliveryLedger ledger,
      BlockingQueue<Settlement> settledByWorkers, Clock clock, MeterRegistry meters) {
    try (Admin admin = Admin.create(s.kafka().connection().properties())) {
      List<String> created = new ArrayList<>(TopicSetup.ensure(admin, s.topics()));
      if (s.variances().enabled()) {
        created.addAll(TopicSetup.ensureVariances(admin, s.variances().topic(), s.topics()));
      }
      if (!created.isEmpty()) {
        LOG.info("created topics {}", created);
      }
      if (!TopicSetup.exists(admin, s.topics().breaches())) {
        LOG.warn("the breach topic {} does not exist yet: waiting for the stream processor to create it", s.topics().breaches());
      }
    }
    long pid = ProcessHandle.current().pid();
    var registry = CachingSchemaRegistry.connect(s.kafka().registry());
    AvroSerde<BudgetBreach> serde = AvroSerde.forValue(BudgetBreach.class, registry);
    AvroSerde<ReconciliationVariance> varianceSerde = AvroSerde.forValue(ReconciliationVariance.class, registry);
    LedgerReader reader = new LedgerReader(
        new KafkaConsumer<>(AlertsKafka.ledgerReader(s, pid), new StringDeserializer(), new ByteArrayDeserializer()),
        Admin.create(s.kafka().connection().properties()),
        s.topics().deliveries());
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(AlertsKafka.breachConsumer(s, pid), new StringDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(AlertsKafka.producer(s), new StringSerializer(), new ByteArraySerializer());
    new KafkaClientMetrics(consumer).bindTo(meters);
    new KafkaClientMetrics(producer).bindTo(meters);
    BreachLoop loop = new BreachLoop(consumer, producer,
        reader, serde, varianceSerde, s.variances(), s.topics(), dispatcher, ledger, s.delivery().maxPendingBreaches(), settledByWorkers, clock, () -> {
          try (Admin admin = Admin.create(s.kafka().connection().properties())) {
            return TopicSetup.ledgerKeep(admin, s.topics());
          }
        });
    loop.bindMeters(meters);
    return loop;
  }

  private void bindMeters(MeterRegistry meters) {
    this.meters = meters;
    Gauge.builder("tokenledger_alerts_pending_breaches", tracker, BreachTracker::pendingRecords)
        .description("breach records read and not yet settled on every channel").register(meters);
    Gauge.builder("tokenledger_alerts_ledger_pairs", ledger, DeliveryLedger::size)
        .description("settled (breach, channel) pairs known to this instance").register(meters);
    Gauge.builder("tokenledger_alerts_assigned_partitions", assigned, Set::size).register(meters);
  }

  /** Ready once the ledger was read and the group joined, until a stop begins. */
  public Readiness.Status readiness() {
    if (stopping) {
      return Readiness.Status.notReady("stopping");
    }
    return started ? Readiness.Status.ready(assigned.size() + " breach partition(s) assigned")
        : Readiness.Status.notReady("reading the delivery ledger");
  }

  /** Whether this instance reads {@code partition} of the breach topic now (the ledger is read by then). */
  public boolean owns(int partition) {
    return assigned.contains(partition);
  }

  /** Runs until {@link #stop}; then stops the workers and commits what they settled. */
  public void run() {
    // first: a transaction this instance's predecessor left open is aborted, or completed if it was
    // committing, so its ledger records are decided before the ledger is read
    producer.initTransactions();
    int known = ledgerReader.catchUp(ledger, Duration.ofMinutes(2));
    LOG.info("delivery ledger read: {} settled deliveries; channels {}", known, dispatcher.channels());
    consumer.subscribe(variances.enabled() ? List.of(topics.breaches(), variances.topic()) : List.of(topics.breaches()),
        new Rebalance());
    dispatcher.start();
    started = true;
    try {
      while (!stopping) {
        try {
          Duration wait = tracker.pendingRecords() > 0 ? POLL_WHILE_DELIVERING : POLL;
          for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            handle(r);
          }
        } catch (WakeupException e) {
          continue;
        }
        drainWorkers();
        expireLedger();
        commit();
        pauseWhenBusy();
      }
    } finally {
      try {
        dispatcher.stop(Duration.ofSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      drainWorkers();
      try {
        commit();
        LOG.info("stopped; {} breach records read and not settled on every channel are attempted again after a restart",
            tracker.pendingRecords());
      } catch (KafkaException e) {
        LOG.warn("final commit failed ({}); unsettled breaches are attempted again after the restart", e.getMessage());
      }
    }
  }

  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /**
   * The tracker's number for a partition: the breach topic's partitions as they are, the variance topic's
   * shifted by {@link #VARIANCE_SLOTS}, so offsets of the two topics never mix.
   */
  int slot(TopicPartition tp) {
    return tp.topic().equals(topics.breaches()) ? tp.partition() : VARIANCE_SLOTS + tp.partition();
  }

  /** Where the variance topic's partitions start among the tracker's slots (more than any topic's partitions). */
  static final int VARIANCE_SLOTS = 1_000_000;

  private void handle(ConsumerRecord<String, byte[]> r) {
    if (!r.topic().equals(topics.breaches())) {
      handleVariance(r);
      return;
    }
    Alert alert;
    try {
      alert = BreachAlerts.of(serde.decode(r.topic(), r.value()));
    } catch (RuntimeException e) {
      LOG.warn("undecodable breach at {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      undecodable.add(new ProducerRecord<>(topics.deadLetter(), r.key(),
          LedgerCodec.undecodableValue(r.key(), r.topic(), r.partition(), r.offset(), e.getMessage(), clock.instant())));
      tracker.add(r.partition(), r.offset(), Set.of());
      return;
    }
    route("breach " + alert.breachId(), alert.channels(), alert::keyFor, key -> new DeliveryJob(alert, key, r.partition()),
        r.partition(), r.offset());
  }

  private void handleVariance(ConsumerRecord<String, byte[]> r) {
    int slot = slot(new TopicPartition(r.topic(), r.partition()));
    Variance variance;
    try {
      variance = VarianceAlerts.of(varianceSerde.decode(r.topic(), r.value()), variances.channels());
    } catch (RuntimeException e) {
      LOG.warn("undecodable variance at {}/{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      undecodable.add(new ProducerRecord<>(topics.deadLetter(), r.key(),
          LedgerCodec.undecodableValue(r.key(), r.topic(), r.partition(), r.offset(), e.getMessage(), clock.instant())));
      tracker.add(slot, r.offset(), Set.of());
      return;
    }
    if (variance.channels().isEmpty()) {
      LOG.warn("variance {} names no channel and [variances] channels is empty: nothing to deliver", variance.varianceId());
    }
    Variance v = variance;
    route("variance " + v.varianceId(), v.channels(), v::keyFor, key -> DeliveryJob.variance(v, key, slot), slot, r.offset());
  }

  /**
   * One record's deliveries, whatever it announces: per channel, skipped when the ledger has settled it,
   * waited for when already in flight, dead-lettered for a channel that is not configured, else submitted;
   * the record's offset is done when all of them are settled.
   */
  private void route(String what, Collection<String> channels, Function<String, DeliveryKey> keyFor,
      Function<DeliveryKey, DeliveryJob> job, int slot, long offset) {
    Set<DeliveryKey> pending = new LinkedHashSet<>();
    for (String channel : channels) {
      DeliveryKey key = keyFor.apply(channel);
      if (ledger.isSettled(key)) {
        continue;
      }
      if (tracker.isPending(key)) {
        pending.add(key);
      } else if (!dispatcher.knows(channel)) {
        String reason = "unknown channel '" + channel + "' (configured: " + dispatcher.channels() + ")";
        LOG.warn("dead-lettered {}: {}", what, reason);
        settle(Settlement.deadLettered(key, clock.instant(), 0, reason));
      } else {
        pending.add(key);
        dispatcher.submit(job.apply(key));
      }
    }
    tracker.add(slot, offset, pending);
  }

  private void drainWorkers() {
    List<Settlement> done = new ArrayList<>();
    settledByWorkers.drainTo(done);
    done.forEach(this::settle);
  }

  private void settle(Settlement s) {
    if (meters != null) {
      meters.counter("tokenledger_alerts_deliveries", "channel", s.key().channel(), "outcome", s.outcome().name().toLowerCase(java.util.Locale.ROOT),
          "kind", s.key().breachId().startsWith(dev.tokenledger.alerts.alert.Digest.ID_PREFIX) ? "digest"
              : s.key().breachId().startsWith(Variance.ID_PREFIX) ? "variance" : "breach").increment();
      meters.summary("tokenledger_alerts_delivery_attempts", "channel", s.key().channel()).record(s.attempts());
    }
    ledger.record(s);
    tracker.settle(s.key());
    unwritten.add(s);
  }

  /**
   * Hourly: pairs whose breach the breach topic no longer holds leave the in-memory ledger of every
   * instance, and the owner of partition 0 writes their tombstones (with the next transaction).
   */
  private void expireLedger() {
    Instant now = clock.instant();
    if (now.isBefore(nextExpiry) || assigned.isEmpty()) {
      return;
    }
    nextExpiry = now.plus(EXPIRY_EVERY);
    if (expiry == null) {
      expiry = new LedgerExpiry(ledgerKeep.get());
      LOG.info("delivery ledger: settled pairs are kept {}", expiry.keep().isZero() ? "forever (the breach topic keeps its records"
          + " forever, or topics.ledger_keep = 0s)" : expiry.keep().toDays() + " days (then tombstoned)");
    }
    List<DeliveryKey> gone = ledger.expire(expiry.at(now));
    if (!gone.isEmpty() && owns(0)) {
      gone.forEach(k -> tombstones.add(k.ledgerKey()));
    }
    if (!gone.isEmpty()) {
      LOG.info("delivery ledger: {} settled pairs older than their breaches' retention forgotten{}", gone.size(),
          owns(0) ? " and tombstoned" : "");
    }
  }

  /** One transaction: the new settlements, their dead letters, and the offsets now fully settled. */
  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong o = tracker.committable(slot(tp));
      if (o.isPresent() && !Long.valueOf(o.getAsLong()).equals(committed.get(tp))) {
        offsets.put(tp, new OffsetAndMetadata(o.getAsLong()));
      }
    }
    if (unwritten.isEmpty() && undecodable.isEmpty() && offsets.isEmpty() && tombstones.isEmpty()) {
      return;
    }
    producer.beginTransaction();
    try {
      for (Settlement s : unwritten) {
        producer.send(new ProducerRecord<>(topics.deliveries(), s.key().ledgerKey(), LedgerCodec.ledgerValue(s)));
        if (s.outcome() == Outcome.DEAD_LETTERED) {
          producer.send(new ProducerRecord<>(topics.deadLetter(), s.key().ledgerKey(), LedgerCodec.deadLetterValue(s)));
        }
      }
      undecodable.forEach(producer::send);
      tombstones.forEach(k -> producer.send(new ProducerRecord<>(topics.deliveries(), k, null)));
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      }
      producer.commitTransaction();
    } catch (KafkaException e) {
      // fenced (another instance took over) or the broker refused: nothing of this transaction is visible
      try {
        producer.abortTransaction();
      } catch (KafkaException ignored) {
        // the producer is unusable; the exception below stops the role
      }
      throw e;
    }
    unwritten.clear();
    undecodable.clear();
    tombstones.clear();
    offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
  }

  private void pauseWhenBusy() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (tracker.pendingRecords() >= maxPendingBreaches) {
      consumer.pause(assigned);
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /** Settled work is committed before partitions go; a new owner re-reads the ledger before their breaches. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drainWorkers();
      try {
        commit();
      } catch (KafkaException e) {
        LOG.warn("commit before giving up partitions failed: {}", e.getMessage());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.stream().filter(tp -> tp.topic().equals(topics.breaches())).forEach(tp -> assigned.add(tp.partition()));
      if (!partitions.isEmpty()) {
        int read = ledgerReader.catchUp(ledger, Duration.ofMinutes(2));
        LOG.info("assigned {}; {} further settled deliveries read from the ledger", partitions, read);
      }
    }

    private void forget(Collection<TopicPartition> partitions) {
      Set<Integer> gone = new HashSet<>();
      partitions.forEach(tp -> {
        if (tp.topic().equals(topics.breaches())) {
          assigned.remove(tp.partition());
        }
        gone.add(slot(tp));
        tracker.forget(slot(tp));
        committed.remove(tp);
      });
      int dropped = dispatcher.drop(gone::contains);
      if (dropped > 0) {
        LOG.info("dropped {} queued deliveries of partitions {} (their new owner delivers them)", dropped, gone);
      }
    }
  }

  @Override
  public void close() {
    ledgerReader.close();
    producer.close(Duration.ofSeconds(5));
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
