package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scale-out, shown: two stream-processor instances (one application id, own state directories) and two
 * sinks (one group) share four partitions on the local stack. Mid-flow one of each is killed with
 * SIGKILL; the survivors take over their tasks and partitions, and the priced records, the rollups and
 * the warehouse come out exact — every event once, duplicates dropped.
 */
class ScaleOutIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant DAY = Instant.parse("2026-11-24T08:00:00Z");
  private static final int PARTITIONS = 4;
  private static final int EVENTS = 3_000;
  private static final int USERS = 6;
  /** 1 000 input + 500 output tokens of claude-sonnet-4-5 at the shipped 3 / 15 USD per million. */
  private static final BigDecimal COST_PER_EVENT = new BigDecimal("0.0105");

  @RegisterExtension
  final StreamsRun run = new StreamsRun("scale");
  private final List<Process> processes = new ArrayList<>();

  @Test
  void twoInstancesOfEachRoleShareThePartitionsAndTheSurvivorsFinishExactlyAfterAKill() throws Exception {
    String bootstrap = StackEnv.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        TestDatabase db = TestDatabase.migrated("tl_scale")) {
      new TopicProvisioner(admin).ensure(run.topics, PARTITIONS, (short) 1);
      TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
      List<UsageEvent> events = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        events.add(claude("scale-" + i, DAY.plusMillis(i * 1_000L)).setOrgId("acme").setUserId("user-" + (i % USERS))
            .setTokens(tokens(1_000, 500, 0, 0, 0)).build());
      }
      Process streamsA = startStreams("a");
      Process streamsB = startStreams("b");
      Process sink1 = startSink(db.name(), "1");
      Process sink2 = startSink(db.name(), "2");

      Map<String, PricedUsage> priced = new HashMap<>();
      int[] pricedRecords = {0};
      Map<String, UsageRollup> rollups = new HashMap<>();
      try (var pricedReader = new CommittedReader<>(bootstrap, run.topics.priced(), PARTITIONS, serdes.priced().deserializer(),
              (k, v) -> { priced.put(k, v); pricedRecords[0]++; });
          var rollupReader = new CommittedReader<>(bootstrap, run.topics.rollups(), PARTITIONS, serdes.rollup().deserializer(),
              rollups::put)) {
        publish(serdes, events.subList(0, EVENTS / 2));
        // both instances of each role are working: the warehouse fills while the first half flows
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
            .until(() -> Long.parseLong(db.rows("SELECT count() AS n FROM usage_events").get(0).get("n")) > 0);
        streamsA.destroyForcibly().waitFor();
        sink1.destroyForcibly().waitFor();
        int pricedAtKill = pricedRecords[0];

        publish(serdes, events.subList(EVENTS / 2, EVENTS));
        publish(serdes, events.subList(0, 500));   // logs read again: duplicates

        CalendarPeriods periods = new CalendarPeriods(BERLIN);
        String orgDay = new RollupKey("acme", Scope.ORG, "acme", Period.DAY, periods.of(Period.DAY, DAY).start()).asString();
        BigDecimal expected = COST_PER_EVENT.multiply(BigDecimal.valueOf(EVENTS)).setScale(9);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          pricedReader.poll();
          rollupReader.poll();
          assertThat(rollups.get(orgDay)).isNotNull();
          assertThat(rollups.get(orgDay).getRequests()).isEqualTo(EVENTS);
          Map<String, String> w = db.rows("SELECT count() AS n, toString(sum(cost_total)) AS cost FROM usage_events FINAL").get(0);
          assertThat(w.get("n")).isEqualTo(String.valueOf(EVENTS));
          assertThat(new BigDecimal(w.get("cost"))).isEqualByComparingTo(expected);
        });
        for (int i = 0; i < 10; i++) {   // let any wrong extra output surface
          pricedReader.poll();
          rollupReader.poll();
        }
        assertThat(pricedAtKill).isLessThan(EVENTS);
        assertThat(priced).hasSize(EVENTS);
        assertThat(pricedRecords[0]).as("priced records, committed exactly once across the kill").isEqualTo(EVENTS);
        assertThat(rollups.get(orgDay).getCost()).isEqualTo(expected);
        for (int u = 0; u < USERS; u++) {
          UsageRollup user = rollups.get(new RollupKey("acme", Scope.USER, "user-" + u, Period.MONTH,
              periods.of(Period.MONTH, DAY).start()).asString());
          assertThat(user.getRequests()).isEqualTo(EVENTS / USERS);
        }
        assertThat(db.rows("SELECT count() AS n FROM usage_events").get(0).get("n"))
            .as("rows before merging: the killed sink's uncommitted batch may be inserted twice, FINAL counts it once")
            .satisfies(n -> assertThat(Long.parseLong(n)).isGreaterThanOrEqualTo(EVENTS));
        assertThat(streamsB.isAlive()).isTrue();
        assertThat(sink2.isAlive()).isTrue();
        assertThat(Files.readString(run.dir().resolve("streams-b.log"))).doesNotContain("ERROR");
      } finally {
        for (Process p : processes) {
          StreamsProcess.stop(p);
        }
      }
    }
  }

  private Process startStreams(String name) throws IOException {
    Path dir = Files.createDirectories(run.dir().resolve("streams-" + name));
    Path config = StreamsProcess.writeConfig(dir, StackEnv.bootstrapServers(), StackEnv.registryUrl(), run.applicationId,
        dir.resolve("state"), run.prefix, PARTITIONS, "");
    Process p = StreamsProcess.start(config, run.dir().resolve("streams-" + name + ".log"));
    processes.add(p);
    return p;
  }

  private Process startSink(String database, String name) throws IOException {
    Path config = Files.writeString(run.dir().resolve("sink-" + name + ".toml"), """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%ssink"
        topic_prefix = "%s"
        session_timeout = "6s"
        [clickhouse]
        url = "%s"
        database = "%s"
        [org]
        time_zone = "Europe/Berlin"
        [batch]
        max_rows = 500
        max_delay = "200ms"
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), run.prefix, run.prefix, StackEnv.clickhouseUrl(), database));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), "dev.tokenledger.processor.ProcessorMain", "sink", "--config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(run.dir().resolve("sink-" + name + ".log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TOKENLEDGER_"));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private void publish(TopologySerdes serdes, List<UsageEvent> events) {
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    events.forEach(e -> records.add(new AbstractMap.SimpleEntry<>(e.getEventId(), e)));
    RecordPublisher.publish(StackEnv.bootstrapServers(), run.topics.usageEvents(), serdes.usageEvent(), records);
  }
}
