package dev.tokenledger.processor.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with read_committed, accumulating what it saw across polls. */
final class CommittedReader<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final BiConsumer<String, V> sink;

  CommittedReader(String bootstrap, String topic, int partitions, Deserializer<V> values, BiConsumer<String, V> sink) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    List<TopicPartition> tps = java.util.stream.IntStream.range(0, partitions)
        .mapToObj(i -> new TopicPartition(topic, i)).toList();
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
    this.sink = sink;
  }

  /** Polls once and hands every record to the sink. */
  void poll() {
    for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
      sink.accept(r.key(), r.value());
    }
  }

  static <V> Map<String, V> latestByKey() {
    return new LinkedHashMap<>();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
