package dev.tokenledger.reconciliation.kafka;

import dev.tokenledger.events.ReconciliationVariance;
import dev.tokenledger.reconciliation.VarianceAlert;
import dev.tokenledger.reconciliation.VariancePublishException;
import dev.tokenledger.reconciliation.VariancePublisher;
import dev.tokenledger.reconciliation.config.KafkaSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes variance alerts to {@code reconciliation.variances.v1} with an idempotent producer (acks=all),
 * key = the variance id, value = Avro {@link ReconciliationVariance} registered like every other value. Creates
 * the topic when it is missing (3 partitions, the broker's replication factor, the catalogue's configs). Every
 * wait is bounded by {@code timeout}: a cluster that does not answer is a {@link VariancePublishException}
 * naming the topic and the bootstrap servers.
 */
public final class KafkaVariancePublisher implements VariancePublisher {

  static final int PARTITIONS = 3;

  private final KafkaSettings kafka;
  private final Duration timeout;
  private final String topic;
  private final Topics topics;

  public KafkaVariancePublisher(KafkaSettings kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
    this.topics = kafka.topics();
    this.topic = topics.variances();
  }

  /** The producer's properties: idempotent, acks=all, every blocking call bounded by the timeout. */
  static Properties producer(KafkaSettings kafka, Duration timeout) {
    Properties p = new Properties();
    p.putAll(kafka.connection().properties());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenledger-reconcile-" + ProcessHandle.current().pid());
    int ms = (int) Math.max(1_000, timeout.toMillis());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ms, Math.min(ms, 30_000) + 5));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return p;
  }

  @Override
  public void publish(List<VarianceAlert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    ensureTopic();
    AvroSerde<ReconciliationVariance> serde;
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    try {
      serde = AvroSerde.forValue(ReconciliationVariance.class, CachingSchemaRegistry.connect(kafka.registry()));
      for (VarianceAlert a : alerts) {
        records.add(new ProducerRecord<>(topic, a.id(), serde.encode(topic, VarianceRecords.of(a))));
      }
    } catch (RuntimeException e) {
      throw new VariancePublishException("the schema registry " + kafka.registryUrl() + " did not take the "
          + "ReconciliationVariance schema for " + topic + ": " + e.getMessage(), e);
    }
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producer(kafka, timeout), new StringSerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> r : records) {
        sent.add(producer.send(r));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
  }

  private void ensureTopic() {
    Map<String, Object> props = new java.util.HashMap<>(kafka.connection().properties());
    int ms = (int) Math.max(1_000, timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    try (Admin admin = Admin.create(props)) {
      if (admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS).contains(topic)) {
        return;
      }
      NewTopic t = new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()).configs(topics.configFor(topic));
      try {
        admin.createTopics(List.of(t)).all().get(ms, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
  }

  private VariancePublishException unreachable(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName()
        + ": " + cause.getMessage();
    return new VariancePublishException("Kafka did not take the variances for " + topic + " within "
        + timeout.toSeconds() + " s (bootstrap servers " + kafka.bootstrapServers() + "): " + what, e);
  }

  @Override
  public void close() {
    // one producer per publish: nothing held between calls
  }
}
