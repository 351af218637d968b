package dev.tokenledger.agent.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sealed spool segment holds a bad record. Its events were already synced and their log lines
 * checkpointed, so nothing may be truncated or deleted: the agent stops and names the place.
 */
public final class SpoolCorruptException extends IOException {

  private final Path segment;
  private final long offset;

  public SpoolCorruptException(Path segment, long offset, String reason) {
    super("spool segment " + segment + " is corrupt at byte offset " + offset + " (" + reason + "); it is a sealed,"
        + " synced segment whose log lines are already checkpointed, so nothing was truncated or deleted and the"
        + " agent stops (recovery: docs/agent.md, \"Spool corruption\")");
    this.segment = segment;
    this.offset = offset;
  }

  public Path segment() {
    return segment;
  }

  public long offset() {
    return offset;
  }
}
