package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.config.AgentConfigLoader;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {

  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir
  Path tmp;

  Path logs;
  SourceEnvironment env;
  AgentConfig config;

  @BeforeEach
  void setUp() throws IOException {
    logs = Files.createDirectories(tmp.resolve("logs"));
    env = new SourceEnvironment(Map.of(TestLogSource.ROOT_VARIABLE, logs.toString()), tmp);
    // the test logs are dated early 2026: keep them inside the event-age limit whenever the tests run
    config = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_LIMITS_MAX_EVENT_AGE", "P36500D"), tmp).load(null)
        .withStateDir(tmp.resolve("state"));
  }

  static String line(int i) {
    return TestLogSource.line("r" + i, "claude-opus-4-6", T0.plusSeconds(i), "s1", 100 + i, 10, "/nowhere");
  }

  static void append(Path f, String text) throws IOException {
    Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  AgentRuntime open(List<UsageSource> sources) throws IOException {
    return AgentRuntime.open(config, sources, env, Clock.systemUTC(), "test").orElseThrow();
  }

  @Test
  void appendedLinesAreReadOnceAndAPartialLineWaitsForItsEnd() throws IOException {
    Path f = logs.resolve("a.tl.jsonl");
    append(f, line(1) + line(2) + line(3));
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(3);
      String fourth = line(4);
      append(f, fourth.substring(0, 20));
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(3);
      append(f, fourth.substring(20) + line(5));
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(5);
      assertThat(rt.scanner().summary().duplicates()).isZero();
    }
  }

  @Test
  void aRequestOutsideTheUsageLimitsIsReportedAndNeverSpooled() throws IOException {
    Instant now = Instant.now();
    append(logs.resolve("a.tl.jsonl"),
        TestLogSource.line("forged", "claude-opus-4-6", now.minusSeconds(60), "s1", 1_000_000_000_000L, 10, "/nowhere")
            + TestLogSource.line("future", "claude-opus-4-6", now.plus(java.time.Duration.ofHours(3)), "s1", 10, 10, "/nowhere")
            + TestLogSource.line("ancient", "claude-opus-4-6", now.minus(java.time.Duration.ofDays(4000)), "s1", 10, 10, "/nowhere")
            + TestLogSource.line("fine", "claude-opus-4-6", now.minusSeconds(60), "s1", 10, 10, "/nowhere"));
    config = new AgentConfigLoader(Map.of(), tmp).load(null).withStateDir(tmp.resolve("state")); // default limits
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(1);
      assertThat(rt.scanner().summary().problems()).containsExactly(Map.entry(ParseProblem.Kind.OUT_OF_LIMITS, 3L));
      rt.writeStatus();
    }
    List<String> quarantined = Files.readAllLines(config.stateDir().resolve("quarantine/problems.jsonl"));
    assertThat(quarantined).hasSize(3);
    assertThat(quarantined.get(0)).contains("OUT_OF_LIMITS").contains("limits.max-input-tokens").contains("dedupKey=forged");
    assertThat(quarantined.get(1)).contains("limits.max-clock-skew");
    assertThat(quarantined.get(2)).contains("limits.max-event-age");
    assertThat(StatusFile.read(config.stateDir()).path("problems").path("OUT_OF_LIMITS").asLong()).isEqualTo(3);
  }

  @Test
  void aRestartResumesFromTheCheckpointAndReadsNothingTwice() throws IOException {
    Path f = logs.resolve("a.tl.jsonl");
    append(f, line(1) + line(2));
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
    }
    append(f, line(3));
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.scanner().summary().events()).isEqualTo(1);
      assertThat(rt.scanner().summary().bytesRead()).isEqualTo(line(3).length());
      assertThat(rt.journal().spool().depth()).isEqualTo(3);
    }
  }

  @Test
  void aTruncatedOrReplacedFileIsReReadAndOnlyNewRequestsCount() throws IOException {
    Path f = logs.resolve("a.tl.jsonl");
    append(f, line(1) + line(2) + line(3));
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      Files.writeString(f, line(2) + line(9)); // rotated: different first line, shorter
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.scanner().summary().events()).isEqualTo(4);
      assertThat(rt.scanner().summary().duplicates()).isEqualTo(1);
      assertThat(rt.journal().spool().depth()).isEqualTo(4);
    }
  }

  @Test
  void aDeletedFileIsForgotten() throws IOException {
    Path f = logs.resolve("a.tl.jsonl");
    append(f, line(1));
    try (AgentRuntime rt = open(List.of(new TestLogSource()))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      Files.delete(f);
      rt.scanner().scanOnce(ScanProgress.NONE);
    }
    assertThat(dev.tokenledger.agent.checkpoint.CheckpointStore.readOnly(config.stateDir())).isEmpty();
  }

  @Test
  void unreadableVanishedAndFailingFilesAreQuarantinedAndOthersGoOn() throws IOException {
    append(logs.resolve("a-denied.tl.jsonl"), line(1));
    append(logs.resolve("b-vanishing.tl.jsonl"), line(2));
    append(logs.resolve("c-crashing.tl.jsonl"), line(3));
    append(logs.resolve("d-good.tl.jsonl"), line(4) + "{not json, \"prompt\": \"secret\"}\n" + line(5));
    TestLogSource real = new TestLogSource();
    UsageSource hostile = new UsageSource() {
      @Override
      public SourceTool tool() {
        return SourceTool.OTHER;
      }

      @Override
      public List<Path> discover(SourceEnvironment e) throws IOException {
        return real.discover(e);
      }

      @Override
      public LogFileParser parserFor(Path file) {
        String name = file.getFileName().toString();
        return (Path p, FileCursor from, ParseSink sink) -> {
          if (name.startsWith("a-")) {
            throw new AccessDeniedException(p.toString());
          }
          if (name.startsWith("b-")) {
            throw new NoSuchFileException(p.toString());
          }
          if (name.startsWith("c-")) {
            throw new IllegalStateException("parser bug");
          }
          return real.read(p, from, sink);
        };
      }
    };
    try (AgentRuntime rt = open(List.of(hostile))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(2);
      assertThat(rt.scanner().summary().problems()).containsExactlyInAnyOrderEntriesOf(Map.of(
          ParseProblem.Kind.UNREADABLE, 1L, ParseProblem.Kind.VANISHED, 1L, ParseProblem.Kind.UNSUPPORTED_FORMAT, 1L,
          ParseProblem.Kind.MALFORMED_RECORD, 1L));
      // unchanged problem files are not retried (or re-counted) on the next pass
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.scanner().summary().problemCount()).as("only the vanished file is retried").isEqualTo(5);
    }
    List<String> quarantined = Files.readAllLines(config.stateDir().resolve("quarantine/problems.jsonl"));
    assertThat(quarantined).hasSize(5);
    assertThat(String.join("\n", quarantined)).doesNotContain("secret");
    ObjectMapper json = new ObjectMapper();
    JsonNode denied = null;
    for (String q : quarantined) { // files are read in parallel: any order
      JsonNode n = json.readTree(q);
      if (n.path("kind").asText().equals("UNREADABLE")) {
        denied = n;
      }
    }
    assertThat(denied).isNotNull();
    assertThat(denied.path("reason").asText()).isEqualTo("permission denied");
    assertThat(denied.path("file").asText()).endsWith("a-denied.tl.jsonl");
    JsonNode status = StatusFile.read(config.stateDir());
    assertThat(status.path("problems").path("UNREADABLE").asLong()).isEqualTo(1);
    assertThat(status.path("spool").path("depth").asLong()).isEqualTo(2);
  }

  @Test
  void aFileWhoseParserHoldsARecordBackIsReadAgainUntilItLetsGoEvenWhenUnchanged() throws IOException {
    Path f = logs.resolve("a.tl.jsonl");
    append(f, line(1) + line(2));
    TestLogSource real = new TestLogSource();
    int[] calls = {0};
    UsageSource holding = new UsageSource() {
      @Override
      public SourceTool tool() {
        return SourceTool.OTHER;
      }

      @Override
      public List<Path> discover(SourceEnvironment e) throws IOException {
        return real.discover(e);
      }

      @Override
      public LogFileParser parserFor(Path file) {
        // like a streaming response that is final only once the file has been at rest: the first
        // read emits line 1 and returns a cursor before line 2, the later reads let line 2 go
        return (Path p, FileCursor from, ParseSink sink) -> {
          calls[0]++;
          FileCursor all = real.read(p, from, new ParseSink() {
            @Override
            public void usage(dev.tokenledger.agent.source.ParsedUsage u) {
              if (calls[0] > 1 || u.dedupKey().equals("r1")) {
                sink.usage(u);
              }
            }

            @Override
            public void problem(ParseProblem problem) {
              sink.problem(problem);
            }
          });
          return calls[0] > 1 ? all : new FileCursor(line(1).length(), all.identity(), "");
        };
      }
    };
    try (AgentRuntime rt = open(List.of(holding))) {
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(1);
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(rt.journal().spool().depth()).isEqualTo(2);
      rt.scanner().scanOnce(ScanProgress.NONE);
      assertThat(calls[0]).as("fully consumed and unchanged: not read again").isEqualTo(2);
    }
  }
}
