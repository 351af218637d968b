package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.config.AgentConfigLoader;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.bench.ClaudeCorpusGenerator;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import dev.tokenledger.agent.validation.UsageValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan in file order ({@link Scanner#inFileOrder()}, the dry run's) with several reading threads
 * gives exactly what one thread gives: the same events in the same order, the same copy kept when a
 * request is in several files, the same counters.
 */
class ScannerInFileOrderTest {

  @TempDir
  Path tmp;

  Path projects;
  Clock clock;
  AgentConfig config;
  SourceEnvironment env;

  @BeforeEach
  void setUp() throws IOException {
    projects = Files.createDirectories(tmp.resolve("claude/projects"));
    // every Claude Code fixture, and a copy of each in a second project with another working
    // directory: each request of the copy is a cross-file duplicate whose event differs (worktree,
    // project), so which copy wins shows in the output
    Path a = Files.createDirectories(projects.resolve("-a"));
    Path b = Files.createDirectories(projects.resolve("-b"));
    for (Path p : fixtures()) {
      Fixtures.copy("claude-code/" + p.getFileName(), a);
      Fixtures.copy("claude-code/" + p.getFileName(), b);
    }
    try (Stream<Path> s = Files.walk(b)) {
      for (Path f : s.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        Files.writeString(f, Files.readString(f).replace("\"cwd\":\"", "\"cwd\":\"/elsewhere"));
      }
    }
    // and a generated corpus of many files (main sessions and sub-agents)
    ClaudeCorpusGenerator.generate(projects.resolve("-generated"), 3 << 20, 11);
    clock = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC); // every file at rest
    config = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_LIMITS_MAX_EVENT_AGE", "P36500D"), tmp).load(null)
        .withStateDir(tmp.resolve("state"));
    env = new SourceEnvironment(Map.of("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString()), tmp);
  }

  private static List<Path> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.path("claude-code"))) {
      return s.sorted().toList();
    }
  }

  private record Outcome(String lines, ScanSummary summary) {}

  private Outcome scan(int threads, boolean inFileOrder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    MachineIdentity identity = MachineIdentity.resolve(config, Map.of());
    Scanner scanner = new Scanner(List.of(new ClaudeCodeSource(clock, Duration.ofMinutes(5))), env,
        CheckpointStore.inMemory(), false, () -> Attributor.forConfig(config, identity, clock), threads,
        new JsonLinesSink(out), new UsageValidator(config.limits(), clock), Quarantine.countingOnly(clock),
        Duration.ofDays(1), Long.MAX_VALUE, clock);
    if (inFileOrder) {
      scanner.inFileOrder();
    }
    assertThat(scanner.scanOnce(ScanProgress.NONE)).isTrue();
    out.flush();
    return new Outcome(bytes.toString(StandardCharsets.UTF_8), scanner.summary());
  }

  @Test
  void severalThreadsInFileOrderGiveExactlyWhatOneThreadGives() throws IOException {
    Outcome one = scan(1, false);
    assertThat(one.summary().events()).as("the corpus has requests").isGreaterThan(100);
    assertThat(one.summary().duplicates()).as("the copied project repeats every fixture request").isGreaterThan(10);
    assertThat(one.lines()).contains("\"worktree\":\"/").doesNotContain("\"worktree\":\"/elsewhere");
    for (int threads : new int[] {2, 3, 8}) {
      Outcome many = scan(threads, true);
      assertThat(many.lines()).as("%d threads", threads).isEqualTo(one.lines());
      ScanSummary s = many.summary();
      assertThat(s.events()).isEqualTo(one.summary().events());
      assertThat(s.duplicates()).isEqualTo(one.summary().duplicates());
      assertThat(s.filesRead()).isEqualTo(one.summary().filesRead());
      assertThat(s.bytesRead()).isEqualTo(one.summary().bytesRead());
      assertThat(s.problems()).isEqualTo(one.summary().problems());
      assertThat(s.sources().get(dev.tokenledger.events.SourceTool.CLAUDE_CODE).lastEventTime)
          .isEqualTo(one.summary().sources().get(dev.tokenledger.events.SourceTool.CLAUDE_CODE).lastEventTime);
    }
  }

  @Test
  void withoutFileOrderTheSameEventsArriveButTheKeptCopyMayDiffer() throws IOException {
    Outcome one = scan(1, false);
    Outcome unordered = scan(3, false);
    assertThat(unordered.summary().events()).isEqualTo(one.summary().events());
    assertThat(unordered.lines().lines().count()).isEqualTo(one.lines().lines().count());
  }
}
