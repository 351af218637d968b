package dev.tokenledger.agent.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import java.nio.file.StandardOpenOption;

/**
 * Reads the complete lines of a file from a byte offset with one reusable buffer and no per-line
 * copies: each line is handed over as a slice of the buffer. A last line without its newline is not
 * handed over (it may still be being written); {@link Result#end()} is the offset after the last
 * complete line. Lines longer than {@link #MAX_LINE} bytes are skipped and reported.
 */
public final class LineReader {

  /** Longest line kept in memory; longer lines (e.g. giant tool results) are skipped. */
  public static final int MAX_LINE = 64 << 20;

  private static final int INITIAL = 1 << 20;

  /** Receives lines. */
  public interface Handler {
    /**
     * One complete line, {@code buf[start, end)} without the newline (and without a trailing CR).
     *
     * @param offset the file offset of the line's first byte
     */
    void line(byte[] buf, int start, int end, long offset) throws IOException;

    /** A line longer than {@link #MAX_LINE} that was skipped. */
    default void oversized(long offset, long length) {}

    /**
     * Optional, before the reader looks for the end of the line that starts at {@code buf[start]}: the
     * handler may read it straight from the buffer, whose bytes read so far end at {@code limit} (the
     * line's newline, if it is there, is before it), and so find its end itself. It returns the index of
     * the line's newline when it has read the whole line up to it (the line is done, {@link #line} is not
     * called for it), or {@code -(k + 1)} when it has not, where {@code k} (at least {@code start}) is
     * where the newline is still to be looked for: no newline is in {@code buf[start, k)}. The reader
     * then finds the line's end and hands it to {@link #line} as usual. This default never reads.
     *
     * @param offset the file offset of the line's first byte
     */
    default int lineAt(byte[] buf, int start, int limit, long offset) throws IOException {
      return -(start + 1);
    }
  }

  /**
   * @param end offset just after the last complete line handed over (or skipped)
   * @param tailStart offset of an unterminated last line, or -1 if the file ends with a newline
   * @param tail the bytes of that unterminated last line (empty if none or too long)
   */
  public record Result(long end, long tailStart, byte[] tail) {}

  /**
   * @param end offset just after the last line handed over
   * @param atRest whether the file had been unchanged for the quiet period when the read ended
   * @param modified the file's modification time at the end of the read
   * @param head the file's first bytes as this read found them (at most {@link FileIdentity#PREFIX}; empty
   *     unless the read started at offset 0): for {@link FileIdentity#of(Path, byte[])} without reading them again
   */
  public record SettledResult(long end, boolean atRest, java.time.Instant modified, byte[] head) {}

  private static final ThreadLocal<LineReader> PER_THREAD = ThreadLocal.withInitial(LineReader::new);

  private byte[] buf = new byte[INITIAL];
  /** The first bytes of the file of the last read, if it started at offset 0. */
  private byte[] head = new byte[0];

  /** This thread's reader (one buffer per thread, however many files are read). */
  public static LineReader forThread() {
    return PER_THREAD.get();
  }

  /**
   * Like {@link #read}, and when the file has been unchanged for {@code quiet} (it is at rest, so
   * nothing more is being written) also hands over a last line without its newline if it is a
   * complete JSON object (ends with '}' and {@code completeObject} accepts it).
   */
  public SettledResult readSettled(Path file, long from, Handler handler, Clock clock, Duration quiet,
      Predicate<byte[]> completeObject) throws IOException {
    Result result = read(file, from, handler);
    long end = result.end();
    java.time.Instant modified = Files.getLastModifiedTime(file).toInstant();
    boolean atRest = !modified.isAfter(clock.instant().minus(quiet));
    if (atRest && result.tailStart() >= 0 && result.tail().length > 0) {
      byte[] tail = result.tail();
      if (Bytes.lastNonBlank(tail, 0, tail.length) == '}' && completeObject.test(tail)) {
        handler.line(tail, 0, tail.length, result.tailStart());
        end = result.tailStart() + tail.length;
      }
    }
    return new SettledResult(end, atRest, modified, head);
  }

  /** Hands every complete line from {@code from} to {@code handler}. */
  public Result read(Path file, long from, Handler handler) throws IOException {
    try {
      return readLines(file, from, handler);
    } finally {
      if (buf.length > 4 * INITIAL) {
        buf = new byte[INITIAL]; // do not keep a giant line's buffer
      }
    }
  }

  private Result readLines(Path file, long from, Handler handler) throws IOException {
    head = new byte[0];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = from;
      int filled = 0; // bytes in buf starting at file offset `position`
      boolean skipping = false; // inside an oversized line
      long skipStart = -1;
      while (true) {
        if (filled == buf.length) {
          if (buf.length >= MAX_LINE) {
            // the current line does not fit: drop what we have and skip to its newline
            if (!skipping) {
              skipping = true;
              skipStart = position;
            }
            position += filled;
            filled = 0;
          } else {
            byte[] bigger = new byte[Math.min(MAX_LINE, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, filled);
            buf = bigger;
          }
        }
        int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), position + filled);
        if (n <= 0) {
          if (skipping) {
            return new Result(skipStart, skipStart, new byte[0]);
          }
          byte[] tail = new byte[filled];
          System.arraycopy(buf, 0, tail, 0, filled);
          return new Result(position, filled == 0 ? -1 : position, tail);
        }
        if (position == 0 && filled == 0 && head.length == 0) { // the first bytes of a read from the start
          head = java.util.Arrays.copyOf(buf, Math.min(n, FileIdentity.PREFIX));
        }
        int scanFrom = filled; // the bytes before it (of the line at 0) hold no newline
        filled += n;
        int lineStart = 0;
        while (true) {
          int searchFrom = Math.max(lineStart, scanFrom);
          if (!skipping && lineStart < filled) {
            int r = handler.lineAt(buf, lineStart, filled, position + lineStart);
            if (r >= 0) {
              if (r < lineStart || r >= filled || buf[r] != '\n') {
                throw new IllegalStateException("a line's end that is not its newline: " + r);
              }
              lineStart = r + 1; // read in full by the handler, up to its newline
              continue;
            }
            int resume = -r - 1;
            if (resume < lineStart || resume > filled) {
              throw new IllegalStateException("a search start outside the line's bytes: " + resume);
            }
            searchFrom = Math.max(searchFrom, resume);
          }
          int i = Bytes.indexOf(buf, searchFrom, filled, (byte) '\n');
          if (i < 0) {
            break;
          }
          if (skipping) {
            handler.oversized(skipStart, position + i - skipStart);
            skipping = false;
          } else {
            int end = i;
            if (end > lineStart && buf[end - 1] == '\r') {
              end--;
            }
            handler.line(buf, lineStart, end, position + lineStart);
          }
          lineStart = i + 1;
        }
        if (lineStart > 0) {
          System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
          filled -= lineStart;
          position += lineStart;
        }
      }
    }
  }
}
