package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.config.StreamsSettingsParser;
import dev.tokenledger.processor.streams.runtime.StreamsApp;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's Kafka clients, built from its settings, against a second local broker with SCRAM-SHA-512
 * listeners (SASL_PLAINTEXT and SASL_SSL, started by infra/kafka/secure-broker.sh from the stack's Kafka
 * jars on the ports of the TOKENLEDGER_SECURE_KAFKA_*_PORT variables): the right login works, a wrong
 * password is refused, and over TLS only the configured truststore is trusted; the stream processor's
 * Kafka Streams client, built from the streams settings, reaches RUNNING over SCRAM.
 */
class SinkSecureKafkaIT {

  private static final String USER = "tokenledger";
  private static final String PASSWORD = "scram-" + StackEnv.unique("pw");
  private static Path dir;
  private static Map<String, String> broker;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("secure-kafka");
    broker = script("up");
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (dir != null) {
      script("down");
    }
  }

  @Test
  void theSinkProducerAndConsumerWorkOverScramWithTheRightPassword() throws Exception {
    SinkSettings s = settings(broker.get("TOKENLEDGER_SECURE_KAFKA_SASL_BOOTSTRAP"), "SASL_PLAINTEXT", PASSWORD, Map.of());
    String topic = StackEnv.unique("secure");
    roundTrip(s, topic);
  }

  @Test
  void aWrongPasswordIsRefusedAndNeverShown() {
    SinkSettings s = settings(broker.get("TOKENLEDGER_SECURE_KAFKA_SASL_BOOTSTRAP"), "SASL_PLAINTEXT", "not-the-password", Map.of());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(SinkKafkaProperties.consumer(s, 1), new StringDeserializer(),
        new StringDeserializer())) {
      assertThatThrownBy(() -> c.listTopics(Duration.ofSeconds(30))).isInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("SCRAM").message().doesNotContain("not-the-password");
    }
    assertThat(s.toString()).doesNotContain("not-the-password");
  }

  @Test
  void overTlsTheConfiguredTruststoreIsTrustedAndTheJdkDefaultsAreNot() throws Exception {
    String bootstrap = broker.get("TOKENLEDGER_SECURE_KAFKA_SSL_BOOTSTRAP");
    SinkSettings trusted = settings(bootstrap, "SASL_SSL", PASSWORD, Map.of(
        "TOKENLEDGER_KAFKA_SSL_TRUSTSTORE_LOCATION", broker.get("TOKENLEDGER_SECURE_KAFKA_TRUSTSTORE"),
        "TOKENLEDGER_KAFKA_SSL_TRUSTSTORE_PASSWORD", broker.get("TOKENLEDGER_SECURE_KAFKA_TRUSTSTORE_PASSWORD")));
    roundTrip(trusted, StackEnv.unique("secure_tls"));

    SinkSettings untrusted = settings(bootstrap, "SASL_SSL", PASSWORD, Map.of());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(SinkKafkaProperties.consumer(untrusted, 1),
        new StringDeserializer(), new StringDeserializer())) {
      assertThatThrownBy(() -> c.listTopics(Duration.ofSeconds(30))).isInstanceOf(SslAuthenticationException.class);
    }
  }

  @Test
  void theStreamsClientBuiltFromTheStreamsSettingsRunsOverScram() throws Exception {
    String input = StackEnv.unique("secure_in");
    StreamsSettings s = StreamsSettingsParser.parse(Optional.empty(), Map.of(
        "TOKENLEDGER_BOOTSTRAP_SERVERS", broker.get("TOKENLEDGER_SECURE_KAFKA_SASL_BOOTSTRAP"),
        "TOKENLEDGER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "TOKENLEDGER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "TOKENLEDGER_KAFKA_SASL_USERNAME", USER, "TOKENLEDGER_KAFKA_SASL_PASSWORD", PASSWORD,
        "TOKENLEDGER_STREAMS_STATE_DIR", dir.resolve("state").toString()));
    try (Admin admin = Admin.create(s.kafka().connection().properties())) {
      admin.createTopics(List.of(new NewTopic(input, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    StreamsBuilder b = new StreamsBuilder();
    b.stream(input).to(input + "_out");
    Properties p = StreamsApp.streamsProperties(s.kafka());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, StackEnv.unique("secure_app"));
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    try (KafkaStreams streams = new KafkaStreams(b.build(), p)) {
      streams.start();
      await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }
  }

  private static void roundTrip(SinkSettings s, String topic) throws Exception {
    try (KafkaProducer<String, String> p = new KafkaProducer<>(SinkKafkaProperties.producer(s), new StringSerializer(),
        new StringSerializer())) {
      p.send(new ProducerRecord<>(topic, "key", "value")).get(60, TimeUnit.SECONDS);
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(SinkKafkaProperties.consumer(s, 1), new StringDeserializer(),
        new StringDeserializer())) {
      c.assign(List.of(new TopicPartition(topic, 0)));
      c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    assertThat(values).containsExactly("value");
  }

  private static SinkSettings settings(String bootstrap, String protocol, String password, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", bootstrap);
    env.put("TOKENLEDGER_KAFKA_SECURITY_PROTOCOL", protocol);
    env.put("TOKENLEDGER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    env.put("TOKENLEDGER_KAFKA_SASL_USERNAME", USER);
    env.put("TOKENLEDGER_KAFKA_SASL_PASSWORD", password);
    return SinkSettingsParser.parse(Optional.empty(), env);
  }

  /** Runs the broker script; its KEY=VALUE lines on standard output. */
  private static Map<String, String> script(String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(StackEnv.repoRoot().resolve("infra/kafka/secure-broker.sh").toString(), command)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("TOKENLEDGER_SECURE_KAFKA_DIR", dir.toString());
    pb.environment().put("TOKENLEDGER_SECURE_KAFKA_USER", USER);
    pb.environment().put("TOKENLEDGER_SECURE_KAFKA_PASSWORD", PASSWORD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("infra/kafka/secure-broker.sh " + command + " failed");
    }
    Map<String, String> values = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }
}
