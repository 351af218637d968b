package dev.tokenledger.agent.source;

import java.util.Objects;

/**
 * Where reading of one file stopped.
 *
 * @param offset byte offset just after the last consumed record
 * @param identity a fingerprint of the file's beginning (e.g. a hash of its first line), so a
 *     truncated, rotated or replaced file is detected; empty for a file never read
 * @param parserState parser-specific state that must survive a restart (e.g. Codex cumulative
 *     counters or the model of the last turn context), as a compact string; empty if none
 */
public record FileCursor(long offset, String identity, String parserState) {

  public static final FileCursor START = new FileCursor(0, "", "");

  public FileCursor {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0: " + offset);
    }
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(parserState, "parserState");
  }
}
