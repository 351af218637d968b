package dev.tokenledger.agent;

import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import dev.tokenledger.agent.source.codex.CodexSource;
import dev.tokenledger.agent.source.gemini.GeminiSource;
import java.util.List;

/** Every assistant source the agent knows, in a stable order. */
public final class Sources {

  private Sources() {}

  /** One instance of each source (Claude Code, Codex CLI, Gemini CLI as they are added). */
  public static List<UsageSource> all() {
    return List.of(new ClaudeCodeSource(), new CodexSource(), new GeminiSource());
  }
}
