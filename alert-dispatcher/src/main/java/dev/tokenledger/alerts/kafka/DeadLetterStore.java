package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.delivery.DeadLetter;
import dev.tokenledger.alerts.delivery.DeadLetterReplay;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import dev.tokenledger.alerts.delivery.Outcome;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter replay's view of Kafka: the dead-letter topic and the breach topic read from the start
 * to their ends (read_committed, no group, nothing committed), the ledger as the dispatcher reads it, and
 * an idempotent (not transactional: the dispatcher's transactional id stays the dispatcher's) producer of
 * ledger records and new dead letters.
 */
public final class DeadLetterStore implements DeadLetterReplay.Store, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
  private final AlertsSettings settings;
  private final Duration timeout;
  private final long pid = ProcessHandle.current().pid();
  private final KafkaProducer<String, byte[]> producer;

  /**
   * @param timeout how long one read of a topic (or the ledger's catch-up) may take before the replay gives
   *     up with {@link DeadLetterReplay.StoreUnavailable}: a cluster that is down is reported, not waited for.
   */
  public DeadLetterStore(AlertsSettings settings, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
    Properties p = new Properties();
    p.putAll(settings.kafka().connection().properties());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public List<DeadLetter> deadLetters() {
    List<DeadLetter> out = new ArrayList<>();
    readAll(settings.topics().deadLetter(), (key, value) -> {
      try {
        out.add(LedgerCodec.fromDeadLetter(key, value));
      } catch (IllegalArgumentException e) {
        LOG.warn("skipping {}", e.getMessage());
      }
    });
    return out;
  }

  @Override
  public DeliveryLedger ledger() {
    DeliveryLedger ledger = new DeliveryLedger();
    try (LedgerReader reader = new LedgerReader(consumer("ledger"),
        Admin.create(settings.kafka().connection().properties()),
        settings.topics().deliveries())) {
      reader.catchUp(ledger, timeout);
    } catch (RuntimeException e) {
      throw unavailable("the delivery ledger (" + settings.topics().deliveries() + ")", e);
    }
    return ledger;
  }

  @Override
  public Map<String, Alert> alerts(Set<String> breachIds) {
    AvroSerde<BudgetBreach> serde = AvroSerde.forValue(BudgetBreach.class,
        CachingSchemaRegistry.connect(settings.kafka().registry()));
    Map<String, Alert> out = new HashMap<>();
    String topic = settings.topics().breaches();
    readAll(topic, (key, value) -> {
      if (breachIds.contains(key)) {
        try {
          out.put(key, BreachAlerts.of(serde.decode(topic, value)));
        } catch (RuntimeException e) {
          LOG.warn("breach {} cannot be decoded: {}", key, e.getMessage());
        }
      }
    });
    return out;
  }

  @Override
  public Map<String, dev.tokenledger.alerts.alert.Variance> variances(Set<String> varianceIds) {
    if (!settings.variances().enabled()) {
      return Map.of();
    }
    AvroSerde<dev.tokenledger.events.ReconciliationVariance> serde = AvroSerde.forValue(
        dev.tokenledger.events.ReconciliationVariance.class, CachingSchemaRegistry.connect(settings.kafka().registry()));
    Map<String, dev.tokenledger.alerts.alert.Variance> out = new HashMap<>();
    String topic = settings.variances().topic();
    readAll(topic, (key, value) -> {
      if (varianceIds.contains(key)) {
        try {
          out.put(key, VarianceAlerts.of(serde.decode(topic, value), settings.variances().channels()));
        } catch (RuntimeException e) {
          LOG.warn("variance {} cannot be decoded: {}", key, e.getMessage());
        }
      }
    });
    return out;
  }

  @Override
  public void record(Settlement s) {
    try {
      producer.send(new ProducerRecord<>(settings.topics().deliveries(), s.key().ledgerKey(), LedgerCodec.ledgerValue(s)));
      if (s.outcome() == Outcome.DEAD_LETTERED) {
        producer.send(new ProducerRecord<>(settings.topics().deadLetter(), s.key().ledgerKey(), LedgerCodec.deadLetterValue(s)));
      }
      producer.flush();
    } catch (KafkaException e) {
      throw unavailable("the delivery ledger (" + settings.topics().deliveries() + ") for " + s.key().ledgerKey(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot write the outcome of " + s.key().ledgerKey() + " to the ledger: " + e.getMessage(), e);
    }
  }

  /** Every record of {@code topic} from its start up to its end now, in partition order. */
  private void readAll(String topic, BiConsumer<String, byte[]> each) {
    try {
      readAllOrThrow(topic, each);
    } catch (DeadLetterReplay.StoreUnavailable e) {
      throw e;
    } catch (KafkaException | IllegalStateException e) {
      throw unavailable(topic, e);
    }
  }

  private DeadLetterReplay.StoreUnavailable unavailable(String what, RuntimeException e) {
    return new DeadLetterReplay.StoreUnavailable("cannot read " + what + " from Kafka at "
        + settings.kafka().connection().bootstrapServers() + " within " + timeout.toSeconds() + " s"
        + ": " + e.getMessage(), e);
  }

  private void readAllOrThrow(String topic, BiConsumer<String, byte[]> each) {
    try (KafkaConsumer<String, byte[]> c = consumer(topic)) {
      List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(topic + " could not be read to its end");
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.value() != null) {
            each.accept(r.key(), r.value());
          }
        }
      }
    }
  }

  private KafkaConsumer<String, byte[]> consumer(String what) {
    Properties p = AlertsKafka.ledgerReader(settings, pid);
    p.put("client.id", settings.kafka().groupId() + "-replay-" + what + "-" + pid);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
