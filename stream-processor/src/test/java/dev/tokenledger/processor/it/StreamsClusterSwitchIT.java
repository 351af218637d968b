package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.PrivateStack;
import dev.tokenledger.schemas.testing.StackEnv;
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
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same state directory, application id and topic names, first against a private Kafka cluster and
 * then against another one (the shared stack), as after a cluster is rebuilt: the app must notice that
 * its local state belongs to the first cluster, drop it, and count the second cluster's events exactly
 * (no rollup carrying the first cluster's totals, no stuck restoration).
 */
class StreamsClusterSwitchIT {

  private static final Instant DAY = Instant.parse("2026-11-20T08:00:00Z");
  private static final int PARTITIONS = 2;
  /** 1 000 input + 500 output tokens of claude-sonnet-4-5 at the shipped 3 / 15 USD per million. */
  private static final BigDecimal COST_PER_EVENT = new BigDecimal("0.0105");

  @TempDir
  Path dir;

  private final String prefix = StackEnv.unique("it") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final TopologySerdes serdes =
      TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));

  @Test
  void stateBuiltAgainstAnotherClusterIsDroppedAndTheNewClusterIsCountedExactly() throws Exception {
    Path stale = dir.resolve("stale-state");
    String appId = prefix + "app";
    try (PrivateStack first = PrivateStack.start(dir.resolve("first"), "kafka")) {
      Map<String, UsageRollup> rollups = run(first.bootstrapServers(), appId, stale, events("a", 0, 120), 120, "first.log");
      assertThat(orgDay(rollups).getRequests()).isEqualTo(120);
    }
    Path marker = stale.resolve(appId + ".kafka-cluster-id");
    String firstCluster = Files.exists(marker) ? Files.readString(marker).trim() : null;

    // the second cluster's own history, built by an instance with fresh state: its changelogs run past
    // the offsets the stale state's checkpoints name
    String second = StackEnv.bootstrapServers();
    List<UsageEvent> history = events("b", 0, 300);
    run(second, appId, dir.resolve("fresh-state"), history, 300, "second-fresh.log");

    // the instance with the first cluster's state comes back: 10 new events, and 150 re-sent old ones
    List<UsageEvent> more = new ArrayList<>(events("b", 300, 10));
    more.addAll(history.subList(0, 150));
    Map<String, UsageRollup> rollups = run(second, appId, stale, more, 310, "second-stale.log");
    UsageRollup org = orgDay(rollups);
    assertThat(org.getRequests()).as("the second cluster's 310 distinct events, the re-sent ones not again").isEqualTo(310);
    assertThat(org.getCost()).isEqualTo(COST_PER_EVENT.multiply(BigDecimal.valueOf(310)).setScale(9));
    assertThat(org.getSessions()).isEqualTo(1);
    assertThat(firstCluster).isNotNull();
    assertThat(Files.readString(marker).trim()).isNotEqualTo(firstCluster);
    assertThat(Files.readString(dir.resolve("second-stale.log"))).contains("wiping it");
  }

  private static List<UsageEvent> events(String tag, int from, int n) {
    return IntStream.range(from, from + n)
        .mapToObj(i -> claude(tag + "-evt-" + i, DAY.plusSeconds(i)).setOrgId("acme").setSessionId("s-1")
            .setTokens(tokens(1_000, 500, 0, 0, 0)).build())
        .toList();
  }

  /**
   * Creates the topics, publishes the events, runs the app until the org's day rollup counts
   * {@code expected} requests (and a little longer, so a wrong higher count would surface), stops it.
   */
  private Map<String, UsageRollup> run(String bootstrap, String appId, Path state, List<UsageEvent> events, int expected,
      String log) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin).ensure(topics, PARTITIONS, (short) 1);
    }
    RecordPublisher.publish(bootstrap, topics.usageEvents(), serdes.usageEvent(), events.stream()
        .map(e -> (Map.Entry<String, UsageEvent>) new AbstractMap.SimpleEntry<>(e.getEventId(), e))
        .toList());
    Path config = StreamsProcess.writeConfig(dir, bootstrap, StackEnv.registryUrl(), appId, state, prefix, PARTITIONS);
    Process app = StreamsProcess.start(config, dir.resolve(log));
    Map<String, UsageRollup> rollups = new HashMap<>();
    try (var reader = new CommittedReader<>(bootstrap, topics.rollups(), PARTITIONS, serdes.rollup().deserializer(), rollups::put)) {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
        reader.poll();
        return !app.isAlive() || (orgDay(rollups) != null && orgDay(rollups).getRequests() >= expected);
      });
      // the count must stay put for 2 s: a count above the expected one would arrive with the next emissions
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> {
            reader.poll();
            assertThat(app.isAlive()).as("the app is running (see %s)", log).isTrue();
            assertThat(orgDay(rollups).getRequests()).as("the org's day rollup").isEqualTo(expected);
          });
      assertThat(app.isAlive()).as("the app is running (see %s)", log).isTrue();
      assertThat(StreamsProcess.stop(app)).as("exit code after SIGTERM").isIn(0, 143);
    } finally {
      if (app.isAlive()) {
        app.destroyForcibly().waitFor();
      }
    }
    return rollups;
  }

  private static UsageRollup orgDay(Map<String, UsageRollup> rollups) {
    Instant start = new CalendarPeriods(ZoneId.of("Europe/Berlin")).of(Period.DAY, DAY).start();
    return rollups.get(new RollupKey("acme", Scope.ORG, "acme", Period.DAY, start).asString());
  }
}
