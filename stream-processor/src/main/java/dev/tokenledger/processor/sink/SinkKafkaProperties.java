package dev.tokenledger.processor.sink;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client properties of the sink: the consumer of the priced and breach topics
 * ({@code read_committed}, manual commits, from the earliest offset; its poll interval covers a batch
 * retried for {@code retry.give_up_after}) and the idempotent producer of rejections.
 */
final class SinkKafkaProperties {

  private SinkKafkaProperties() {}

  /** The consumer's properties; {@code pid} makes the client id unique per process. */
  static Properties consumer(SinkSettings settings, long pid) {
    Properties p = new Properties();
    p.putAll(settings.kafka().connection().properties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.kafka().groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.kafka().maxPollRecords());
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    // a batch may be retried for retry.give_up_after without polling: stay in the group meanwhile
    long maxPollInterval = settings.retry().giveUpAfter().plus(settings.clickhouse().requestTimeout()).plusMinutes(5).toMillis();
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxPollInterval));
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.kafka().sessionTimeout().toMillis());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafka().groupId() + "-" + pid);
    return p;
  }

  /** The rejection producer's properties (acknowledged by all replicas, idempotent). */
  static Properties producer(SinkSettings settings) {
    Properties p = new Properties();
    p.putAll(settings.kafka().connection().properties());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }
}
