package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.runtime.ScanSummary;
import dev.tokenledger.agent.source.ParseProblem;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** Human-readable summaries. */
final class Summaries {

  private Summaries() {}

  static void scan(PrintStream err, String what, ScanSummary s, double seconds) {
    err.printf("%s: %d files read, %.1f MB in %.1f s (%.1f MB/s), %,d new events, %,d duplicates skipped%n", what,
        s.filesRead(), s.bytesRead() / 1e6, seconds, s.bytesRead() / 1e6 / Math.max(seconds, 1e-3), s.events(),
        s.duplicates());
    s.sources().forEach((tool, c) -> err.printf("  %-12s %6d files found  %6d read  %,10d events  %,8d duplicates  last event %s%n",
        tool, c.filesFound, c.filesRead, c.events, c.duplicates, c.lastEventTime == null ? "-" : c.lastEventTime));
    if (s.sources().isEmpty()) {
      err.println("  no sources found (Claude Code, Codex CLI, Gemini CLI logs are looked for under HOME,"
          + " CLAUDE_CONFIG_DIR and CODEX_HOME)");
    }
  }

  static String problems(Map<ParseProblem.Kind, Long> problems) {
    if (problems.isEmpty()) {
      return "none";
    }
    long total = problems.values().stream().mapToLong(Long::longValue).sum();
    return total + " (" + problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }
}
