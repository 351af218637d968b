package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.agent.testing.AgentProcess;
import dev.tokenledger.agent.testing.TestCorpus;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.agent.testing.TopicContents;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.PrivateStack;
import dev.tokenledger.schemas.testing.StackEnv;
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
 * {@code run} keeps reading while Kafka is stopped (events wait in the spool) and drains the spool
 * when Kafka is back: the topic ends with exactly the expected ids, each once. Uses a private stack
 * (never the shared one) because Kafka is stopped.
 */
class KafkaOutageIT {

  @TempDir
  Path tmp;

  PrivateStack stack;
  Process agent;

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null && agent.isAlive()) {
      // leave a thread dump next to the agent log for diagnosis
      new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(agent.pid()),
          "Thread.print").redirectErrorStream(true)
          .redirectOutput(Path.of("target", "it-logs", "kafka-outage-agent.threads").toFile()).start().waitFor();
      agent.destroyForcibly().waitFor();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void eventsWaitInTheSpoolWhileKafkaIsDownAndArriveOnceWhenItIsBack() throws Exception {
    long t0 = System.nanoTime();
    // a private Kafka (it is stopped); the shared registry is only read and written under a unique subject
    stack = PrivateStack.start(tmp.resolve("stack"), "kafka");
    System.err.printf("stack up after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    String prefix = StackEnv.unique("outage") + ".";
    String topic = Topics.withPrefix(prefix).usageEvents();
    TopicContents.createTopic(stack.bootstrapServers(), topic); // the stream processor's job: the agent never creates it
    TestCorpus corpus = new TestCorpus(tmp.resolve("logs"));
    corpus.append("p1/a.tl.jsonl", "a", 1000);
    Map<String, String> env = new HashMap<>();
    env.put(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString());
    env.put(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES);
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    env.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    env.put("TOKENLEDGER_AGENT_SCAN_INTERVAL", "PT0.5S");
    env.put("TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "PT3S");
    Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("kafka-outage-agent.log");
    Files.deleteIfExists(log);
    agent = AgentProcess.start(env, log, "run", "--no-intake");
    Path state = tmp.resolve("state");

    await().atMost(Duration.ofSeconds(30)).until(() -> spool(state).path("ackedSeq").asLong() == 1000);

    System.err.printf("first 1000 published after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    stack.stop("kafka");
    System.err.printf("kafka stopped after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    corpus.append("p1/a.tl.jsonl", "a2", 300); // appended to a known file
    corpus.append("p2/b.tl.jsonl", "b", 700); // a new file in a new directory
    await().atMost(Duration.ofSeconds(30)).until(() -> spool(state).path("depth").asLong() == 1000);
    await().atMost(Duration.ofSeconds(30)).until(() -> StatusFile.read(state).path("publisher").hasNonNull("lastError"));
    assertThat(spool(state).path("ackedSeq").asLong()).isEqualTo(1000);

    System.err.printf("outage seen after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    stack.start("kafka");
    System.err.printf("kafka back after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    await().atMost(Duration.ofSeconds(40)).until(() -> spool(state).path("depth").asLong() == 0
        && spool(state).path("ackedSeq").asLong() == 2000);

    System.err.printf("drained after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<TopicContents.Entry> records = TopicContents.read(stack.bootstrapServers(), StackEnv.registryUrl(), topic);
    assertThat(records).hasSize(2000);
    assertThat(TopicContents.keys(records)).isEqualTo(corpus.expectedIds());

    agent.destroy(); // SIGTERM: a clean stop
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }

  private static JsonNode spool(Path state) throws Exception {
    return StatusFile.read(state).path("spool");
  }
}
