package dev.tokenledger.agent.publish;

import dev.tokenledger.agent.efficiency.EfficiencyPublisher;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes the efficiency records (ADR 0620) with an idempotent, non-transactional producer
 * ({@code acks=all}) and waits for every acknowledgement: at least once, keyed by the records'
 * deterministic ids, which the warehouse collapses to one row. Connected lazily, on the first send; after
 * a failure the producer is closed and the next send connects again. Like the usage publisher it never
 * creates topics. Used by one thread at a time (the agent's efficiency task).
 */
public final class KafkaEfficiencyPublisher implements EfficiencyPublisher, AutoCloseable {

  private final PublisherSettings settings;
  private final Topics topics;
  private KafkaProducer<byte[], byte[]> producer;
  private AvroSerde<SessionCommit> commits;
  private AvroSerde<McpInventoryEntry> inventory;

  /** @param settings the usage publisher's settings (Kafka, registry, timeouts, extra properties); its topic is not used */
  public KafkaEfficiencyPublisher(PublisherSettings settings, Topics topics) {
    this.settings = settings;
    this.topics = topics;
  }

  @Override
  public synchronized void commits(List<SessionCommit> records) {
    connect();
    send(topics.commits(), records, SessionCommit::getCommitId, commits);
  }

  @Override
  public synchronized void inventory(List<McpInventoryEntry> records) {
    connect();
    send(topics.mcpInventory(), records, McpInventoryEntry::getEntryId, inventory);
  }

  private void connect() {
    if (producer != null) {
      return;
    }
    SchemaRegistry registry = CachingSchemaRegistry.connect(RegistryConfig.of(settings.registryUrl())
        .withRetries(2, Duration.ofMillis(200), Duration.ofSeconds(1)).withTimeout(settings.requestTimeout()));
    commits = AvroSerde.forValue(SessionCommit.class, registry);
    inventory = AvroSerde.forValue(McpInventoryEntry.class, registry);
    producer = new KafkaProducer<>(properties(settings));
  }

  /** The producer's properties: the usage publisher's without the transactional id (no cursor to commit here). */
  static Properties properties(PublisherSettings settings) {
    int timeout = (int) settings.requestTimeout().toMillis();
    Properties p = PublisherClientProperties.producer(settings, timeout);
    p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-efficiency");
    return p;
  }

  private <T extends SpecificRecord> void send(String topic, List<T> records, Function<T, String> id, AvroSerde<T> serde) {
    try {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (T r : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, id.apply(r).getBytes(StandardCharsets.UTF_8),
            serde.encode(topic, r))));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(2 * settings.requestTimeout().toMillis() + 10, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      disconnect();
      throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      disconnect();
      throw new IllegalStateException("publishing to " + topic + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      disconnect();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (RuntimeException e) {
      disconnect();
      throw e;
    }
  }

  private void disconnect() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
      producer = null;
    }
  }
}
