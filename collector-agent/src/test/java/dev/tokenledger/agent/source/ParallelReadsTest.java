package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.bench.ClaudeCorpusGenerator;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import dev.tokenledger.agent.source.codex.CodexSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads give the sink exactly what the one-thread loop gives, in the same order. */
class ParallelReadsTest {

  @TempDir
  Path tmp;

  List<ParallelReads.Work> work;

  @BeforeEach
  void setUp() throws IOException {
    Path projects = Files.createDirectories(tmp.resolve("claude/projects"));
    Path a = Files.createDirectories(projects.resolve("-a"));
    Path b = Files.createDirectories(projects.resolve("-b"));
    try (Stream<Path> s = Files.list(Fixtures.path("claude-code"))) {
      for (Path p : s.sorted().toList()) {
        Fixtures.copy("claude-code/" + p.getFileName(), a);
        Fixtures.copy("claude-code/" + p.getFileName(), b); // every request again in another file
      }
    }
    ClaudeCorpusGenerator.generate(projects.resolve("-generated"), 2 << 20, 5);
    Clock clock = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    SourceEnvironment env = new SourceEnvironment(Map.of("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString()), tmp);
    work = new ArrayList<>(ParallelReads.discover(List.of(new ClaudeCodeSource(clock, Duration.ofMinutes(5))), env));
    try (Stream<Path> s = Files.list(Fixtures.path("codex"))) {
      CodexSource codex = new CodexSource();
      s.sorted().forEach(f -> work.add(new ParallelReads.Work(codex, f)));
    }
    work.add(new ParallelReads.Work(work.get(0).source(), tmp.resolve("claude/projects/-a/vanished.jsonl")));
  }

  @Test
  void severalThreadsHandOverExactlyWhatOneThreadDoesInTheSameOrder() throws IOException {
    CollectingSink one = new CollectingSink();
    ParallelReads.readAll(work, 1, one);
    assertThat(one.usages).hasSizeGreaterThan(100);
    assertThat(one.problems).anyMatch(p -> p.kind() == ParseProblem.Kind.VANISHED);
    assertThat(one.usages.stream().map(ParsedUsage::source).distinct()).hasSize(2);
    for (int threads : new int[] {2, 3, 8}) {
      CollectingSink many = new CollectingSink();
      ParallelReads.readAll(work, threads, many);
      assertThat(many.usages).as("%d threads", threads).containsExactlyElementsOf(one.usages);
      assertThat(many.problems).containsExactlyElementsOf(one.problems);
      assertThat(many.held).containsExactlyElementsOf(one.held);
      assertThat(Totals.byDay(firstWins(many.usages))).isEqualTo(Totals.byDay(firstWins(one.usages)));
    }
  }

  @Test
  void theCrossFileCopiesAreThereForTheCallersDedup() throws IOException {
    CollectingSink sink = new CollectingSink();
    ParallelReads.readAll(work, 3, sink);
    assertThat(firstWins(sink.usages)).hasSizeLessThan(sink.usages.size());
  }

  /** The one-off read skips only the cursor's work: the same requests, problems and held-back notes as a read from the start. */
  @Test
  void aWholeReadHandsOverWhatAReadFromTheStartDoes() throws IOException {
    Instant now = Instant.now();
    for (Clock clock : new Clock[] {Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC),
        Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC)}) { // at rest; still being written (held back)
      UsageSource claude = new ClaudeCodeSource(clock, Duration.ofMinutes(5));
      CollectingSink fromStart = new CollectingSink();
      CollectingSink whole = new CollectingSink();
      for (ParallelReads.Work w : work) {
        UsageSource source = w.source() instanceof ClaudeCodeSource ? claude : w.source();
        if (Files.exists(w.file())) {
          source.parserFor(w.file()).read(w.file(), FileCursor.START, fromStart);
          source.parserFor(w.file()).readWhole(w.file(), whole);
        }
      }
      assertThat(fromStart.usages).hasSizeGreaterThan(100);
      assertThat(whole.usages).containsExactlyElementsOf(fromStart.usages);
      assertThat(whole.problems).isNotEmpty().containsExactlyElementsOf(fromStart.problems);
      assertThat(whole.held).containsExactlyElementsOf(fromStart.held);
      assertThat(fromStart.held.isEmpty()).isEqualTo(clock.instant().isAfter(now));
    }
  }

  @Test
  void threadsMustBePositive() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ParallelReads.readAll(work, 0, new CollectingSink()));
  }

  private static List<ParsedUsage> firstWins(List<ParsedUsage> usages) {
    Set<String> seen = new HashSet<>();
    return usages.stream().filter(u -> seen.add(u.dedupKey())).toList();
  }
}
