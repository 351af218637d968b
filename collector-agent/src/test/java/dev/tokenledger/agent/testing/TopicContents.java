package dev.tokenledger.agent.testing;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic (read_committed, up to its last stable offset) for assertions. */
public final class TopicContents {

  private TopicContents() {}

  /** One record: its key and the decoded event. */
  public record Entry(String key, UsageEvent event) {}

  public static List<Entry> read(String bootstrap, String registryUrl, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, CachingSchemaRegistry.connect(RegistryConfig.of(registryUrl)));
    List<Entry> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts); // the last stable offsets under read_committed
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(new Entry(new String(r.key(), StandardCharsets.UTF_8), serde.decode(topic, r.value())));
        }
      }
    }
    return out;
  }

  public static Set<String> keys(List<Entry> entries) {
    return entries.stream().map(Entry::key).collect(Collectors.toSet());
  }

  /**
   * Creates the events topic as the stream processor would (one partition, the product's topic configs):
   * the agent never creates topics.
   */
  public static void createTopic(String bootstrap, String topic) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(p)) {
      a.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
          .configs(Topics.defaults().configFor(topic)))).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Deletes the test's topics and consumer groups (best effort). */
  public static void cleanUp(String bootstrap, List<String> topics, List<String> groups) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(p)) {
      if (!groups.isEmpty()) {
        a.deleteConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
      }
      a.deleteTopics(topics).all().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
  }
}
