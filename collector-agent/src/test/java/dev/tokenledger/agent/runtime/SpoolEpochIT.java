package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.cli.ExitCodes;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.testing.TestCorpus;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.agent.testing.TopicContents;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish cursor Kafka holds belongs to one spool epoch (ADR 0133): a spool that is lost and
 * recreated under the same {@code agent.id} publishes its new events instead of taking them as already
 * sent, and a spool that lost records it had published stops publishing instead of acknowledging new
 * events. Shared stack, unique topic prefix, the agent in-process.
 */
class SpoolEpochIT {

  @TempDir
  Path tmp;

  final String prefix = StackEnv.unique("epochit") + ".";
  final String topic = Topics.withPrefix(prefix).usageEvents();
  final Map<String, String> env = new HashMap<>();
  TestCorpus corpus;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    TopicContents.createTopic(StackEnv.bootstrapServers(), topic);
    corpus = new TestCorpus(tmp.resolve("logs"));
    env.put(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString());
    env.put(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES);
    env.put("TOKENLEDGER_AGENT_STATE_DIR", state().toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers());
    env.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    env.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    env.put("TOKENLEDGER_AGENT_PUBLISH_BATCH_SIZE", "100");
  }

  @AfterEach
  void cleanUp() throws IOException {
    Path id = state().resolve("agent.id");
    List<String> groups = Files.isRegularFile(id) ? List.of("tokenledger-agent-" + Files.readString(id).trim()) : List.of();
    TopicContents.cleanUp(StackEnv.bootstrapServers(), List.of(topic), groups);
  }

  @Test
  void aRecreatedSpoolPublishesItsNewEventsAndIgnoresTheOldEpochsCursor() throws Exception {
    corpus.append("p/a.tl.jsonl", "a", 300);
    assertThat(backfill()).as(err()).isEqualTo(ExitCodes.OK);
    String firstEpoch = Files.readString(state().resolve("spool/epoch")).lines().findFirst().orElseThrow();
    assertThat(TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic)).hasSize(300);

    deleteTree(state().resolve("spool")); // lost; agent.id (and with it the cursor group) survives
    corpus.append("p/b.tl.jsonl", "b", 50); // new events get sequences 1..50 of a new spool; the old cursor says 300
    assertThat(backfill()).as(err()).isEqualTo(ExitCodes.OK);

    assertThat(Files.readString(state().resolve("spool/epoch"))).doesNotContain(firstEpoch);
    List<TopicContents.Entry> records = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
    assertThat(records).hasSize(350);
    assertThat(TopicContents.keys(records)).isEqualTo(corpus.expectedIds());
  }

  @Test
  void aCursorOfThisEpochBeyondTheSpoolStopsPublishingAndKeepsTheEvents() throws Exception {
    corpus.append("p/a.tl.jsonl", "a", 300);
    assertThat(backfill()).as(err()).isEqualTo(ExitCodes.OK);
    Set<String> published = new HashSet<>(corpus.expectedIds());

    // the spool's records and acknowledgement are gone but its epoch survived (e.g. restored from an old copy)
    try (Stream<Path> files = Files.list(state().resolve("spool"))) {
      for (Path p : files.toList()) {
        if (!p.getFileName().toString().equals("epoch")) {
          Files.delete(p);
        }
      }
    }
    corpus.append("p/b.tl.jsonl", "b", 50);
    err.reset();
    assertThat(backfill()).as(err()).isEqualTo(ExitCodes.PENDING);
    assertThat(err()).contains("publishing stopped").contains("is at sequence 300")
        .contains("holds records only up to 50");

    List<TopicContents.Entry> records = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
    assertThat(TopicContents.keys(records)).isEqualTo(published);
    try (Spool spool = Spool.open(state().resolve("spool"), 1 << 30)) {
      assertThat(spool.ackedSeq()).as("nothing marked published").isZero();
      assertThat(spool.depth()).as("the new events wait in the spool").isEqualTo(50);
    }
    assertThat(StatusFile.read(state()).path("publisher").path("stopped").asBoolean()).isTrue();
  }

  private Path state() {
    return tmp.resolve("state");
  }

  private int backfill() {
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return AgentMain.execute(new String[] {"backfill", "--no-progress", "--drain-timeout", "PT60S"},
        () -> List.of(new TestLogSource()), new SourceEnvironment(env, tmp), new PrintStream(OutputStream.nullOutputStream()),
        e);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
