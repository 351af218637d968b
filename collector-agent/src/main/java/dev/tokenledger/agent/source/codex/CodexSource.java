package dev.tokenledger.agent.source.codex;

import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.SourceFiles;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Codex CLI rollouts: {@code ${CODEX_HOME:-~/.codex}/sessions/**.jsonl} and
 * {@code archived_sessions/**.jsonl}; when the same relative path exists in both, the
 * {@code sessions/} copy wins.
 */
public final class CodexSource implements UsageSource {

  @Override
  public SourceTool tool() {
    return SourceTool.CODEX_CLI;
  }

  /** The Codex home. */
  public static Path home(SourceEnvironment env) {
    return env.variable("CODEX_HOME").map(v -> v.startsWith("~/") ? env.home().resolve(v.substring(2)) : Path.of(v))
        .orElse(env.home().resolve(".codex"));
  }

  @Override
  public List<Path> discover(SourceEnvironment environment) throws IOException {
    Path home = home(environment);
    Path sessions = home.resolve("sessions");
    Path archived = home.resolve("archived_sessions");
    List<Path> live = SourceFiles.under(List.of(sessions), p -> SourceFiles.named(p, ".jsonl"));
    Set<String> relative = new HashSet<>();
    for (Path p : live) {
      relative.add(sessions.relativize(p).toString());
    }
    List<Path> out = new ArrayList<>(live);
    for (Path p : SourceFiles.under(List.of(archived), q -> SourceFiles.named(q, ".jsonl"))) {
      if (!relative.contains(archived.relativize(p).toString())) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public LogFileParser parserFor(Path file) {
    return new CodexParser();
  }
}
