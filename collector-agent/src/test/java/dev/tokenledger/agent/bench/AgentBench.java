package dev.tokenledger.agent.bench;

import dev.tokenledger.agent.source.bench.ClaudeCorpusGenerator;
import dev.tokenledger.agent.testing.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Helpers of {@code ./bench agent} (figures, never pass/fail):
 *
 * <ul>
 *   <li>{@code generate DIR MB [long|short]}: a realistic Claude Code corpus in {@code DIR/projects}, files
 *       dated two hours back (finished sessions), of long (the default) or short sessions
 *       ({@link ClaudeCorpusGenerator.Shape}).
 *   <li>{@code verify BOOTSTRAP TOPIC EXPECTED}: counts records and distinct keys (read_committed).
 *   <li>{@code create-topic BOOTSTRAP TOPIC}: creates the benchmark's topic as the stream processor
 *       would (the agent never creates topics, ADR 0133).
 *   <li>{@code cleanup BOOTSTRAP TOPIC GROUP}: deletes the benchmark's topic and cursor group.
 * </ul>
 */
public final class AgentBench {

  private AgentBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]),
          ClaudeCorpusGenerator.Shape.named(args.length > 3 ? args[3] : "long"));
      case "verify" -> verify(args[1], args[2], Long.parseLong(args[3]));
      case "create-topic" -> {
        TopicContents.createTopic(args[1], args[2]);
        System.out.println("created topic " + args[2]);
      }
      case "cleanup" -> cleanup(args[1], args[2], args[3]);
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  static void generate(Path dir, long mb, ClaudeCorpusGenerator.Shape shape) throws Exception {
    long t0 = System.nanoTime();
    ClaudeCorpusGenerator.generate(dir.resolve("projects"), mb << 20, 42, shape);
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    long files = 0;
    long bytes = 0;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
        files++;
        bytes += Files.size(p);
      }
    }
    System.out.printf("generated %d files, %.1f MB, %d billed requests in %.1f s%n", files, bytes / 1048576.0,
        ClaudeCorpusGenerator.lastStats(), (System.nanoTime() - t0) / 1e9);
  }

  static void verify(String bootstrap, String topic, long expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10000);
    long records = 0;
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          records++;
          keys.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    System.out.printf("topic %s: %d records, %d distinct event ids, expected %d -> %s%n", topic, records, keys.size(),
        expected, records == expected && keys.size() == expected ? "exact" : "MISMATCH");
  }

  static void cleanup(String bootstrap, String topic, String group) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(p)) {
      a.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
      a.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }
    System.out.println("deleted topic " + topic + " and group " + group);
  }
}
