package dev.tokenledger.agent.source.claude;

import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.SourceFiles;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Claude Code transcripts: {@code $CLAUDE_CONFIG_DIR} (comma-separated; each entry a config dir or
 * its {@code projects/} dir; when set, the defaults are not scanned), else both
 * {@code ${XDG_CONFIG_HOME:-~/.config}/claude/projects} and {@code ~/.claude/projects}; every
 * {@code *.jsonl} below them (main sessions, {@code subagents/agent-*.jsonl}, 2.0.x
 * {@code agent-*.jsonl}).
 */
public final class ClaudeCodeSource implements UsageSource {

  /** How long a file must be unchanged before its last response is taken as final. */
  public static final Duration DEFAULT_QUIET = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration quiet;

  public ClaudeCodeSource() {
    this(Clock.systemUTC(), DEFAULT_QUIET);
  }

  public ClaudeCodeSource(Clock clock, Duration quiet) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
  }

  @Override
  public SourceTool tool() {
    return SourceTool.CLAUDE_CODE;
  }

  /** The {@code projects/} roots, in scan order. */
  public static List<Path> roots(SourceEnvironment env) {
    List<Path> roots = new ArrayList<>();
    var configured = env.variable("CLAUDE_CONFIG_DIR");
    if (configured.isPresent()) {
      for (String entry : configured.get().split(",")) {
        String e = entry.trim();
        if (e.isEmpty()) {
          continue;
        }
        Path p = expand(e, env.home());
        roots.add(p.getFileName() != null && p.getFileName().toString().equals("projects")
            ? p : p.resolve("projects"));
      }
      return roots;
    }
    Path xdg = env.variable("XDG_CONFIG_HOME").map(v -> expand(v, env.home()))
        .orElse(env.home().resolve(".config"));
    roots.add(xdg.resolve("claude").resolve("projects"));
    roots.add(env.home().resolve(".claude").resolve("projects"));
    return roots;
  }

  @Override
  public List<Path> discover(SourceEnvironment environment) throws IOException {
    return SourceFiles.under(roots(environment), p -> SourceFiles.named(p, ".jsonl"));
  }

  @Override
  public LogFileParser parserFor(Path file) {
    return new ClaudeCodeParser(ClaudeFileContext.of(file), clock, quiet);
  }

  static Path expand(String value, Path home) {
    if (value.equals("~")) {
      return home;
    }
    if (value.startsWith("~/")) {
      return home.resolve(value.substring(2));
    }
    return Path.of(value);
  }
}
