package dev.tokenledger.processor.cli;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.sink.PricedEvents;
import dev.tokenledger.processor.sink.UsageRows;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sink rollups check|rebuild} against the real ClickHouse and Kafka: finds a drift, refuses to rebuild under a running sink, repairs. */
class RollupsCommandIT {

  @TempDir
  Path dir;

  private TestDatabase db;
  private Path config;
  private final String group = StackEnv.unique("sink-group");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String probeTopic;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.migrated("rollupscli");
    config = dir.resolve("sink.toml");
    Files.writeString(config, """
        [kafka]
        group_id = "%s"
        [clickhouse]
        url = "%s"
        database = "%s"
        """.formatted(group, db.url(), db.name()));
    PricedUsage event = PricedEvents.priced(claude("cli-1", Instant.parse("2026-11-10T10:00:00Z")).build(), new BigDecimal("1.25")).build();
    RowBinaryWriter body = new RowBinaryWriter(4096);
    UsageRows rows = new UsageRows(ZoneOffset.UTC);
    rows.write(event, "cli", 0, 0, body);
    rows.write(event, "cli", 0, 7, body);   // the same event id at a second offset: the view counts it twice
    db.client().insert(UsageRows.INSERT, body.toByteArray());
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
    if (probeTopic != null) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()))) {
        admin.deleteTopics(List.of(probeTopic)).all().get();
      }
    }
  }

  @Test
  void checkFindsTheDriftRebuildWaitsForTheSinkToStopThenRepairsIt() throws Exception {
    assertThat(run("check", "--from", "2026-11-01", "--to", "2026-12-01")).isEqualTo(1);
    assertThat(out.toString()).contains("9 differ").contains("2026-11-10\tacme\torg\tacme\t2\t1\t2.500000000\t1.250000000");

    try (KafkaConsumer<byte[], byte[]> sink = runningSink()) {
      assertThat(sink.assignment()).isNotEmpty();
      assertThat(run("rebuild", "--month", "2026-11")).isEqualTo(1);
      assertThat(err.toString()).contains("is Stable (1 member(s)): stop every sink instance");
    }
    assertThat(run("rebuild", "--month", "2026-11")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("'" + group + "': EMPTY (no members)").contains("rebuilt 2026-11");
    assertThat(run("check", "--from", "2026-11-01", "--to", "2026-12-01")).isZero();
    assertThat(out.toString()).contains("agree with the events");
    assertThat(run("check", "--from", "2026-12-01", "--to", "2026-11-01")).isEqualTo(2);
  }

  @Test
  void aGroupNoSinkEverJoinedDoesNotBlockTheRebuild() {
    assertThat(run("rebuild", "--month", "2026-11")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("'" + group + "': not known to the cluster (never joined)");
    assertThat(run("check", "--from", "2026-11-01", "--to", "2026-12-01")).isZero();
  }

  /** A consumer in the sink's group, as a running sink instance would be. */
  private KafkaConsumer<byte[], byte[]> runningSink() throws Exception {
    String topic = group + ".probe";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    probeTopic = topic;
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      c.poll(Duration.ofMillis(100));
      return !c.assignment().isEmpty();
    });
    return c;
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = new CommandLine(new SinkCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 3];
    all[0] = "--config";
    all[1] = config.toString();
    all[2] = "rollups";
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.execute(all);
  }
}
