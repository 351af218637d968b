package dev.tokenledger.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The local broker is real: Avro usage events go through it and come back intact. */
class KafkaSmokeIT {

  @Test
  void producesAndConsumesAvroEventsThroughTheBroker() throws Exception {
    String topic = StackEnv.unique("smoke");
    var registry = CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));
    AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, registry);
    List<UsageEvent> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(UsageEvents.claude("smoke-" + i, Instant.parse("2026-11-24T00:00:00Z").plusSeconds(i)).build());
    }

    Map<String, Object> producerConfig = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
      for (UsageEvent e : sent) {
        producer.send(new ProducerRecord<>(topic, e.getEventId(), e)).get();
      }
    }

    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, StackEnv.unique("smoke-group"),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<UsageEvent> received = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), serde.deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, UsageEvent> r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo(r.value().getEventId());
          received.add(r.value());
        }
      }
    }
    assertThat(received).containsExactlyElementsOf(sent);
  }
}
