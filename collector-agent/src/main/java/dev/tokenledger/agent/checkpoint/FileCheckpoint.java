package dev.tokenledger.agent.checkpoint;

import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.events.SourceTool;
import java.time.Instant;
import java.util.Objects;

/**
 * Where reading of one log file stopped, and what the file looked like then.
 *
 * @param source the source that owns the file
 * @param cursor the parser's cursor
 * @param size file size when last read
 * @param modified last-modified time when last read
 * @param lastEventTime the newest event time seen in the file, or null
 */
public record FileCheckpoint(SourceTool source, FileCursor cursor, long size, long modified, Instant lastEventTime) {

  public FileCheckpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cursor, "cursor");
  }

  /**
   * True when the file still has the size and time it had when last looked at: nothing new to read
   * (a partial last line stays unread until the file changes; a file that failed is not retried
   * until it changes).
   */
  public boolean unchanged(long currentSize, long currentModified) {
    return currentSize == size && currentModified == modified;
  }
}
