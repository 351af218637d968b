package dev.tokenledger.agent.source;

import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One assistant's usage logs on this machine: where they live and how to read one file of them.
 * Implementations are stateless; all per-file progress lives in the {@link FileCursor} the caller
 * keeps (and checkpoints).
 */
public interface UsageSource {

  /** The assistant this source reads. */
  SourceTool tool();

  /**
   * The log files to read now, found under the roots this source honours (its own environment
   * variables such as {@code CLAUDE_CONFIG_DIR} or {@code CODEX_HOME}, else {@code HOME}). Missing
   * roots yield an empty list, not an error. The order is stable (sorted).
   */
  List<Path> discover(SourceEnvironment environment) throws IOException;

  /** The parser for one file returned by {@link #discover}. */
  LogFileParser parserFor(Path file);
}
