package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.settings.KafkaConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes keyed records (prices, budgets) with an idempotent producer, one request in flight, and
 * waits for every acknowledgement; any failure after the producer's own retries fails the whole
 * publish loudly.
 */
public final class RecordPublisher {

  private RecordPublisher() {}

  /** Publishes {@code records} (key → value; a null value is a tombstone) to {@code topic}. */
  public static <T extends SpecificRecord> int publish(String bootstrapServers, String topic, Serde<T> serde,
      List<Map.Entry<String, T>> records) {
    return publish(KafkaConnection.plaintext(bootstrapServers), topic, serde, records);
  }

  /** Publishes {@code records} (key → value; a null value is a tombstone) to {@code topic} over {@code connection}. */
  public static <T extends SpecificRecord> int publish(KafkaConnection connection, String topic, Serde<T> serde,
      List<Map.Entry<String, T>> records) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // One request in flight: a retried first batch (e.g. sent before a new topic's leader was known)
    // can never arrive after later batches, which the broker would refuse as out of sequence.
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (Map.Entry<String, T> r : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      return acks.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
