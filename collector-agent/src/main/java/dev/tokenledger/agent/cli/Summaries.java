package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.runtime.ScanSummary;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParseProblem;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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

  /**
   * The "held back:" line: responses not published (or, in a dry run, not printed) because their files
   * are still being written, and when and by what they will be; null when nothing is held.
   */
  static String heldBack(List<HeldBack> held, boolean dryRun) {
    if (held.isEmpty()) {
      return null;
    }
    long responses = held.stream().mapToLong(h -> Math.max(h.responses(), 0)).sum();
    long files = held.stream().filter(h -> h.responses() >= 0).count();
    long whole = held.size() - files;
    Duration quiet = held.stream().map(HeldBack::quiet).max(Comparator.naturalOrder()).orElseThrow();
    Instant latest = held.stream().map(HeldBack::publishableFrom).max(Comparator.naturalOrder()).orElseThrow();
    Instant from = latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(latest.getNano() > 0 ? 1 : 0);
    boolean one = responses + whole == 1;
    StringBuilder sb = new StringBuilder("held back: ");
    if (files > 0) {
      sb.append(plural(responses, "response")).append(" in ").append(plural(files, "file"));
    }
    if (whole > 0) {
      sb.append(files > 0 ? ", and " : "").append(plural(whole, "legacy Gemini chat")).append(" (read whole)");
    }
    sb.append(" still being written (").append(held.stream().limit(3).map(h -> h.file().toString())
        .collect(Collectors.joining(", "))).append(held.size() > 3 ? ", and " + (held.size() - 3) + " more" : "")
        .append("). A response is taken only once its file has been unchanged for ").append(human(quiet))
        .append(", so a streaming response is never counted before its final usage is written. ");
    sb.append(dryRun
        ? (one ? "It is" : "They are") + " not in the output above; a dry run after " + from + " shows "
            + (one ? "it." : "them.")
        : (one ? "It stays unread in the log and is" : "They stay unread in the logs and are")
            + " published by the next `backfill` after " + from + ", or by a running `run` as soon as the files"
            + " are at rest.");
    return sb.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String human(Duration d) {
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return plural(d.toMinutes(), "minute");
    }
    if (d.toSeconds() > 0 && d.equals(Duration.ofSeconds(d.toSeconds()))) {
      return plural(d.toSeconds(), "second");
    }
    return d.toString();
  }
}
