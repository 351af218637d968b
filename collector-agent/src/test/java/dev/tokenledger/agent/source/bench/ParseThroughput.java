package dev.tokenledger.agent.source.bench;

import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parse-only throughput of the Claude Code parser: generates {@code MB} megabytes of realistic
 * transcripts in a temp dir (or uses {@code --dir}), parses every file from the start (single
 * thread, like the agent's backfill per file), and prints MB/s and events/s. Prints figures, never
 * fails.
 *
 * <p>Arguments: {@code [MB] [rounds] [corpus dir]} — with a corpus dir the corpus is generated there
 * once and kept (rounds 0 = generate only), so parse-only memory can be measured separately. Run
 * with the test classpath, see docs/agent-sources.md.
 */
public final class ParseThroughput {

  public static void main(String[] args) throws IOException {
    long mb = args.length > 0 ? Long.parseLong(args[0]) : 512;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // optional third argument: an existing corpus directory (kept), or where to generate one (kept)
    boolean keep = args.length > 2;
    Path dir = keep ? Path.of(args[2]) : Files.createTempDirectory("claude-corpus");
    try {
      if (!Files.isDirectory(dir.resolve("projects"))) {
        long t0 = System.nanoTime();
        ClaudeCorpusGenerator.generate(dir.resolve("projects"), mb << 20, 42);
        System.out.printf("generated %d MB in %.1f s (%d billed requests written)%n", mb,
            (System.nanoTime() - t0) / 1e9, ClaudeCorpusGenerator.lastStats());
      }
      if (rounds == 0) {
        return;
      }
      SourceEnvironment env = new SourceEnvironment(Map.of("CLAUDE_CONFIG_DIR", dir.toString()), dir);
      // files just written are "active": look at them from an hour later so every response is final
      ClaudeCodeSource source = new ClaudeCodeSource(
          Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), ClaudeCodeSource.DEFAULT_QUIET);
      List<Path> files = source.discover(env);
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      for (int r = 1; r <= rounds; r++) {
        long[] counts = new long[2];
        ParseSink sink = new ParseSink() {
          @Override
          public void usage(ParsedUsage usage) {
            counts[0]++;
          }

          @Override
          public void problem(ParseProblem problem) {
            counts[1]++;
          }
        };
        long start = System.nanoTime();
        for (Path f : files) {
          source.parserFor(f).read(f, FileCursor.START, sink);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("round %d: %d files, %.1f MB, %d events, %d problems in %.2f s: %.0f MB/s, %.0f events/s%n",
            r, files.size(), bytes / 1048576.0, counts[0], counts[1], s, bytes / 1048576.0 / s, counts[0] / s);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf("heap used %.0f MB (max %.0f MB)%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
          rt.maxMemory() / 1048576.0);
    } finally {
      if (!keep) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
