package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill older than the priced topic's retention, with the sink stopped, across a retention check:
 * the priced records carry the time they were priced (ADR 0222), so the broker keeps them for the sink.
 * Before, they carried their event time, and the retention check deleted them before any sink read
 * them. The local broker checks retention every 5 s; a canary topic with the same settings shows when a
 * check has run.
 */
class PricedRetentionIT {

  private static final int EVENTS_PER_BATCH = 40;
  private static final Map<String, String> SHORT_RETENTION = Map.of("retention.ms", "3600000", "segment.ms", "500");

  @RegisterExtension
  final StreamsRun run = new StreamsRun("retention");
  private final Topics topics = run.topics;

  @Test
  void pricedRecordsOfAnOldBackfillOutliveARetentionCheck() throws Exception {
    String bootstrap = StackEnv.bootstrapServers();
    String canary = run.prefix + "canary";
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.priced(), 1, (short) 1).configs(SHORT_RETENTION),
          new NewTopic(canary, 1, (short) 1).configs(SHORT_RETENTION))).all().get();

      run.start(run.writeConfig(1, ""), "streams.log");
      Instant longAgo = Instant.now().minus(Duration.ofDays(400));   // far older than the 1 h retention
      Map<String, PricedUsage> priced = new ConcurrentHashMap<>();
      try (var reader = new CommittedReader<>(bootstrap, topics.priced(), 1, serdes.priced().deserializer(), priced::put)) {
        for (int batch = 0; batch < 2; batch++) {   // two batches, 500 ms+ apart: the first segment of the priced topic rolls
          publish(bootstrap, serdes, batch, longAgo);
          int expected = (batch + 1) * EVENTS_PER_BATCH;
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ZERO).until(() -> {
            reader.poll();
            return priced.size() == expected;
          });
          Thread.sleep(600);   // segment.ms is a broker-side age: wait it out, there is no condition to poll
        }
      }
      // the canary: an old record, then a newer one that rolls its segment; the next retention check deletes the old one
      try (var producer = new KafkaProducer<>(producerProps(bootstrap), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(canary, 0, longAgo.toEpochMilli(), "old", "old")).get();
        Thread.sleep(600);
        producer.send(new ProducerRecord<>(canary, "new", "new")).get();
      }
      TopicPartition canaryPartition = new TopicPartition(canary, 0);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
          admin.listOffsets(Map.of(canaryPartition, OffsetSpec.earliest())).all().get().get(canaryPartition).offset() > 0);

      TopicPartition pricedPartition = new TopicPartition(topics.priced(), 0);
      assertThat(admin.listOffsets(Map.of(pricedPartition, OffsetSpec.earliest())).all().get().get(pricedPartition).offset())
          .as("nothing of the backfill was deleted by the retention check").isZero();
    }
    // the stopped sink, started now, reads all of it
    Map<String, PricedUsage> again = new ConcurrentHashMap<>();
    try (var reader = new CommittedReader<>(bootstrap, topics.priced(), 1, serdes.priced().deserializer(), again::put)) {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ZERO).until(() -> {
        reader.poll();
        return again.size() == 2 * EVENTS_PER_BATCH;
      });
    }
  }

  private void publish(String bootstrap, TopologySerdes serdes, int batch, Instant longAgo) {
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      UsageEvent e = claude("old-" + batch + "-" + i, longAgo.plusSeconds(batch * 1000L + i)).build();
      records.add(new AbstractMap.SimpleEntry<>(e.getEventId(), e));
    }
    RecordPublisher.publish(bootstrap, topics.usageEvents(), serdes.usageEvent(), records);
  }

  private static Properties producerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }
}
