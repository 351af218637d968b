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
 * @param failed the last read failed (unreadable, parser failure): retried only when the file changes
 */
public record FileCheckpoint(SourceTool source, FileCursor cursor, long size, long modified, Instant lastEventTime,
    boolean failed) {

  public FileCheckpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cursor, "cursor");
  }

  public FileCheckpoint(SourceTool source, FileCursor cursor, long size, long modified, Instant lastEventTime) {
    this(source, cursor, size, modified, lastEventTime, false);
  }

  /**
   * True when there is nothing to read: the file has the size and time it had when last read and
   * the parser consumed all of it. A parser that holds records back (a streaming response not yet
   * final, a partial last line) returns a cursor before the end, so such a file is read again at every
   * scan until the parser lets go of it (e.g. when the file has been at rest for its quiet period). A
   * file whose read failed is retried only when it changes.
   */
  public boolean nothingToRead(long currentSize, long currentModified) {
    boolean same = currentSize == size && currentModified == modified;
    return same && (failed || cursor.offset() >= currentSize);
  }
}
