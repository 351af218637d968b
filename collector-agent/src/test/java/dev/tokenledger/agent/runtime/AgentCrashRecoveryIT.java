package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.agent.publish.TopicMissingException;
import dev.tokenledger.agent.testing.AgentProcess;
import dev.tokenledger.agent.testing.TestCorpus;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.agent.testing.TopicContents;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill into the real local Kafka, hard-kill the agent process mid-backfill, restart it: the topic
 * holds exactly the expected event ids, each once (read_committed).
 */
class AgentCrashRecoveryIT {

  @TempDir
  Path tmp;

  final String prefix = StackEnv.unique("agentit") + ".";
  final String topic = Topics.withPrefix(prefix).usageEvents();
  Process agent;

  @AfterEach
  void cleanUp() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor();
    }
    String id = Files.isRegularFile(tmp.resolve("state/agent.id")) ? Files.readString(tmp.resolve("state/agent.id")).trim() : "";
    TopicContents.cleanUp(StackEnv.bootstrapServers(), List.of(topic), List.of("tokenledger-agent-" + id));
  }

  @Test
  void killedMidBackfillAndRestartedPublishesEveryEventExactlyOnce() throws Exception {
    TestCorpus corpus = new TestCorpus(tmp.resolve("logs"));
    for (int f = 0; f < 20; f++) {
      corpus.append("p" + (f % 5) + "/s" + f + ".tl.jsonl", "f" + f, 1500);
    }
    // the same requests copied into another file (a copied log): no new events
    corpus.append("copy/dup.tl.jsonl", "f3", 500);
    Map<String, String> env = new HashMap<>();
    env.put(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString());
    env.put(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES);
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers());
    env.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    env.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    env.put("TOKENLEDGER_AGENT_PUBLISH_BATCH_SIZE", "500");
    env.put("TOKENLEDGER_AGENT_SCAN_COMMIT_BYTES", "200000");
    Path log = tmp.resolve("agent.log");

    long t0 = System.nanoTime();
    agent = AgentProcess.start(env, log, "backfill", "--no-progress");
    Path acked = tmp.resolve("state/spool/acked");
    // the topic does not exist yet (the stream processor creates it, the agent never does): backfill
    // keeps the events in the spool and retries until it appears
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains(TopicMissingException.message(topic)));
    assertThat(Files.isRegularFile(acked)).as("nothing published without the topic").isFalse();
    assertThat(agent.isAlive()).as("backfill waits for the topic").isTrue();
    TopicContents.createTopic(StackEnv.bootstrapServers(), topic);
    System.err.printf("topic created after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> Files.isRegularFile(acked) && Long.parseLong(Files.readString(acked).trim()) > 0);
    assertThat(agent.isAlive()).as("still backfilling when killed").isTrue();
    agent.destroyForcibly();
    System.err.printf("killed after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long publishedBeforeKill = Long.parseLong(Files.readString(acked).trim());
    assertThat(publishedBeforeKill).isLessThan(corpus.expectedIds().size());

    agent = AgentProcess.start(env, log, "backfill", "--no-progress");
    assertThat(agent.waitFor(50, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();

    System.err.printf("restarted backfill done after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<TopicContents.Entry> records = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
    System.err.printf("topic read after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(records).hasSize(30_000);
    assertThat(TopicContents.keys(records)).isEqualTo(corpus.expectedIds());
    assertThat(records).allSatisfy(r -> assertThat(r.event().getEventId()).isEqualTo(r.key()));
    assertThat(records.stream().mapToLong(r -> r.event().getTokens().getOutput()).sum()).isEqualTo(30_000L * 100);
  }
}
