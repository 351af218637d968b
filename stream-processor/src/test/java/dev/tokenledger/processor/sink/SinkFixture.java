package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, records, configuration and group offsets of one sink test on the shared Kafka and registry. */
final class SinkFixture implements AutoCloseable {

  static final int PARTITIONS = 3;

  final String prefix = StackEnv.unique("sinkit") + ".";
  final Topics topics = Topics.withPrefix(prefix);
  final String group = prefix + "sink";
  final String bootstrap = StackEnv.bootstrapServers();
  final TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));

  SinkFixture() {
    try (Admin admin = admin()) {
      new TopicProvisioner(admin).ensure(topics, PARTITIONS, (short) 1);
    }
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  void publishPriced(List<PricedUsage> events) {
    List<Map.Entry<String, PricedUsage>> records = new ArrayList<>();
    events.forEach(e -> records.add(new AbstractMap.SimpleEntry<>(e.getEvent().getEventId(), e)));
    RecordPublisher.publish(bootstrap, topics.priced(), serdes.priced(), records);
  }

  void publishBreaches(List<BudgetBreach> breaches) {
    List<Map.Entry<String, BudgetBreach>> records = new ArrayList<>();
    breaches.forEach(b -> records.add(new AbstractMap.SimpleEntry<>(b.getBreachId(), b)));
    RecordPublisher.publish(bootstrap, topics.breaches(), serdes.breach(), records);
  }

  void publishRaw(String topic, String key, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }

  /**
   * Publishes {@code events} to the given partitions of the priced topic in one transaction of a
   * transactional producer (as the stream processor does), committing or aborting it.
   */
  void publishPricedInTransaction(String transactionalId, Map<Integer, List<PricedUsage>> byPartition, boolean commit) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, PricedUsage> producer =
        new KafkaProducer<>(p, new StringSerializer(), serdes.priced().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      byPartition.forEach((partition, events) -> events.forEach(e ->
          producer.send(new ProducerRecord<>(topics.priced(), partition, e.getEvent().getEventId(), e))));
      producer.flush();
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
    }
  }

  /** Writes a sink configuration for this fixture into {@code dir}. */
  Path writeConfig(Path dir, String clickhouseUrl, String database, int maxRows, String giveUpAfter) throws Exception {
    Path f = dir.resolve("sink-" + database + ".toml");
    Files.writeString(f, """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%s"
        topic_prefix = "%s"
        max_poll_records = 2000
        session_timeout = "6s"
        [clickhouse]
        url = "%s"
        database = "%s"
        request_timeout = "20s"
        [org]
        time_zone = "UTC"
        [batch]
        max_rows = %d
        max_delay = "200ms"
        [retry]
        initial_backoff = "100ms"
        max_backoff = "1s"
        give_up_after = "%s"
        """.formatted(bootstrap, StackEnv.registryUrl(), group, prefix, clickhouseUrl, database, maxRows, giveUpAfter));
    return f;
  }

  static SinkSettings settings(Path config) {
    return SinkSettingsParser.parse(Optional.of(config), Map.of());
  }

  /** Records on the rejected topic (read_committed is not needed: the sink's producer is not transactional). */
  List<RejectedEvent> rejected(int atLeast, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<RejectedEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, RejectedEvent> c = new KafkaConsumer<>(p, new StringDeserializer(), serdes.rejected().deserializer())) {
      List<TopicPartition> tps = IntStream.range(0, PARTITIONS).mapToObj(i -> new TopicPartition(topics.rejected(), i)).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, RejectedEvent> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
      for (ConsumerRecord<String, RejectedEvent> r : c.poll(Duration.ofMillis(500))) {
        out.add(r.value());
      }
    }
    return out;
  }

  /** Records of the input topics not yet committed by the sink's group. */
  long lag() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (String t : List.of(topics.priced(), topics.breaches(), topics.commits(), topics.mcpInventory())) {
        for (int i = 0; i < PARTITIONS; i++) {
          request.put(new TopicPartition(t, i), OffsetSpec.latest());
        }
      }
      long lag = 0;
      for (var e : admin.listOffsets(request).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }
  }

  /** Committed offsets of the priced topic (partition → offset). */
  Map<Integer, Long> committedPriced() throws Exception {
    try (Admin admin = admin()) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topics.priced()) && e.getValue() != null)
          .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }
  }

  /** Deletes this fixture's topics and consumer group from the shared cluster. */
  @Override
  public void close() {
    try (Admin admin = admin()) {
      admin.deleteTopics(topics.all()).all().get();
      admin.deleteConsumerGroups(List.of(group)).all().get();
    } catch (Exception e) {
      System.err.println("SinkFixture: cleanup of " + prefix + " incomplete: " + e.getMessage());
    }
  }

  /** Moves the group's committed offsets of the priced topic back to 0, as if no commit had happened. */
  void rewindPriced() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
      for (int i = 0; i < PARTITIONS; i++) {
        zero.put(new TopicPartition(topics.priced(), i), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(group, zero).all().get();
    }
  }
}
