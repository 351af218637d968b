package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.settings.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the current content of a compacted topic (or a changelog): the latest value per key, tombstones
 * removing their key, from the beginning to the end offsets seen at the start (committed records only).
 * No consumer group, nothing committed.
 */
public final class CompactedTopicReader {

  private CompactedTopicReader() {}

  /** key → latest value bytes of {@code topic}; empty when the topic does not exist. */
  public static Map<String, byte[]> latest(String bootstrapServers, String topic, Duration timeout) {
    return latest(KafkaConnection.plaintext(bootstrapServers), topic, timeout);
  }

  /** key → latest value bytes of {@code topic} read over {@code connection}; empty when the topic does not exist. */
  public static Map<String, byte[]> latest(KafkaConnection connection, String topic, Duration timeout) {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // never create the topic by asking for it: a changelog created here (1 partition, delete policy)
    // would stop the stream processor from starting
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    Map<String, byte[]> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      if (parts.isEmpty()) {
        return out;
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      Instant deadline = Instant.now().plus(timeout);
      while (!reached(c, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            continue;
          }
          if (r.value() == null) {
            out.remove(r.key());
          } else {
            out.put(r.key(), r.value());
          }
        }
      }
    }
    return out;
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
