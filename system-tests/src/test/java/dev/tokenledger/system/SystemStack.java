package dev.tokenledger.system;

import static org.awaitility.Awaitility.await;

import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What the system tests share about the local stack they start roles on: the TOML of the stream
 * processor and the sink under one topic prefix, waiting for the topics the stream processor creates,
 * and deleting a test's topics afterwards.
 */
final class SystemStack {

  private SystemStack() {}

  /** The stream processor's configuration: two partitions per topic, the organisation in UTC. */
  static String streamsToml(String prefix, Path stateDir) {
    return """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        application_id = "%sapp"
        state_dir = "%s"
        topic_prefix = "%s"
        partitions = 2
        [org]
        time_zone = "UTC"
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), prefix, stateDir, prefix);
  }

  /** The sink's configuration, loading into {@code database} in batches of at most 200 ms. */
  static String sinkToml(String prefix, String database) {
    return """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%ssink"
        topic_prefix = "%s"
        [clickhouse]
        url = "%s"
        database = "%s"
        [org]
        time_zone = "UTC"
        [batch]
        max_delay = "200ms"
        """.formatted(StackEnv.bootstrapServers(), StackEnv.registryUrl(), prefix, prefix, StackEnv.clickhouseUrl(), database);
  }

  /** Waits (up to two minutes) until every topic of {@code names} exists. */
  static void awaitTopics(List<String> names) throws Exception {
    try (Admin admin = admin()) {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
          .until(() -> admin.listTopics().names().get().containsAll(names));
    }
  }

  /** Deletes every topic whose name starts with {@code prefix}. */
  static void deleteTopics(String prefix) throws Exception {
    try (Admin admin = admin()) {
      Set<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).collect(Collectors.toSet());
      admin.deleteTopics(mine).all().get();
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()));
  }
}
