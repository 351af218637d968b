package dev.tokenledger.alerts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One integration test's alert dispatcher on the local stack, as a JUnit extension: a unique topic prefix
 * and group, the breach topic created like the stream processor creates it, a working directory for the
 * config and logs, breaches produced with the project's Avro serde, and the dispatcher as an OS process
 * (the production entry point), stopped after each test.
 */
final class AlertsRun implements BeforeEachCallback, AfterEachCallback {

  static final int PARTITIONS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  final String prefix;
  final Topics topics;
  final String deliveries;
  final String deadLetter;
  final String group;
  private Path dir;
  private Process app;
  private final List<Process> apps = new ArrayList<>();

  AlertsRun(String name) {
    this.prefix = StackEnv.unique(name) + ".";
    this.topics = Topics.withPrefix(prefix);
    this.deliveries = prefix + "alert.deliveries.v1";
    this.deadLetter = prefix + "alert.deadletter.v1";
    this.group = prefix + "alerts";
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("alerts-it");
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topics.breaches(), PARTITIONS, (short) 1)
          .configs(topics.configFor(topics.breaches())))).all().get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (Process p : apps) {
      if (p.isAlive()) {
        stop(p);
      }
    }
    if (context.getExecutionException().isPresent()) {
      System.err.println("alerts IT failed; the dispatcher's logs stay in " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Writes the config: this run's topics and group, fast retries, then {@code channelsToml}. */
  Path writeConfig(String deliveryToml, String channelsToml) throws IOException {
    return writeConfig("tx", deliveryToml, channelsToml);
  }

  /** As above for one of several instances: its own transactional id {@code <group>-<instance>}. */
  Path writeConfig(String instance, String deliveryToml, String channelsToml) throws IOException {
    Path f = dir.resolve("alerts-" + instance + ".toml");
    Files.writeString(f, """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%s"
        transactional_id = "%s-%s"
        topic_prefix = "%s"
        session_timeout = "10s"
        transaction_timeout = "20s"
        [topics]
        partitions = %d
        [delivery]
        %s
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), group, group, instance, prefix, PARTITIONS,
            deliveryToml)
        + channelsToml);
    return f;
  }

  /** Starts {@code alerts --config <config>}, output to {@code log}; secrets from {@code env}. */
  Process start(Path config, String log, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dorg.slf4j.simpleLogger.log.dev.tokenledger=info", "-cp", System.getProperty("java.class.path"),
        "dev.tokenledger.alerts.AlertsMain", "alerts", "--config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(log).toFile());
    pb.environment().remove("TOKENLEDGER_BOOTSTRAP_SERVERS");
    pb.environment().remove("TOKENLEDGER_REGISTRY_URL");
    pb.environment().remove("TOKENLEDGER_TOPIC_PREFIX");
    pb.environment().putAll(env);
    app = pb.start();
    apps.add(app);
    return app;
  }

  /** Runs {@code alerts replay --config <config> <options>} to its end; its exit code and standard output. */
  Map.Entry<Integer, String> replay(Path config, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.tokenledger.alerts.AlertsMain", "alerts", "replay",
        "--config", config.toString()));
    command.addAll(List.of(options));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(dir.resolve("replay.err").toFile());
    pb.environment().remove("TOKENLEDGER_BOOTSTRAP_SERVERS");
    pb.environment().remove("TOKENLEDGER_REGISTRY_URL");
    pb.environment().remove("TOKENLEDGER_TOPIC_PREFIX");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("replay did not end: " + out);
    }
    return Map.entry(p.exitValue(), out);
  }

  String log(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  boolean isAlive() {
    return app != null && app.isAlive();
  }

  /** kill -9 of the process started last, and waits for it to end. */
  void kill() throws InterruptedException {
    kill(app);
  }

  void kill(Process p) throws InterruptedException {
    p.destroyForcibly().waitFor();
  }

  /** SIGTERM (SIGKILL after 30 s); the exit code. */
  int stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
    return p.exitValue();
  }

  /** Produces breaches (key = breach id) with the project's Avro serde, as the stream processor does. */
  void produce(List<BudgetBreach> breaches) throws Exception {
    AvroSerde<BudgetBreach> serde = AvroSerde.forValue(BudgetBreach.class,
        CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, BudgetBreach> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
      for (BudgetBreach b : breaches) {
        producer.send(new ProducerRecord<>(topics.breaches(), b.getBreachId(), b)).get();
      }
    }
  }

  /** Every committed record of {@code topic} (read_committed), key and JSON value. */
  List<Map.Entry<String, JsonNode>> readAll(String topic) throws IOException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      var parts = c.partitionsFor(topic, Duration.ofSeconds(30));
      if (parts == null || parts.isEmpty()) {
        return out;
      }
      List<TopicPartition> tps = parts.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(Map.entry(r.key(), JSON.readTree(r.value())));
        }
      }
    }
    return out;
  }

  /** Whether the dispatcher's group has committed the end of every breach partition. */
  boolean breachesFullyCommitted() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < PARTITIONS; i++) {
        latest.put(new TopicPartition(topics.breaches(), i), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long end = e.getValue().offset();
        if (end > 0 && (c == null || c.offset() < end)) {
          return false;
        }
      }
      return true;
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()));
  }
}
