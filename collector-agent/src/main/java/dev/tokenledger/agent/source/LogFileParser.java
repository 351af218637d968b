package dev.tokenledger.agent.source;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one log file incrementally. */
public interface LogFileParser {

  /**
   * Reads the complete records of {@code file} after {@code from} ({@link FileCursor#START} for a
   * file never read), hands every billed model request to {@code sink} exactly once over the whole
   * life of the file, and returns the cursor after the last record it consumed. A partially written
   * last line is not consumed. If the file was truncated or replaced since {@code from} (see {@link
   * FileCursor#identity()}), the parser starts again from the beginning; deterministic dedup keys make
   * that harmless.
   *
   * <p>Content problems (malformed or truncated lines, unknown record types that matter, unknown
   * models) go to {@link ParseSink#problem} and never throw. Only I/O failures throw.
   */
  FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException;

  /**
   * Reads the whole file once for a one-off report that keeps no cursor: hands {@code sink} exactly what
   * {@code read(file, FileCursor.START, sink)} hands it. A parser may skip what only the cursor needs (the
   * file's identity, the state of responses still pending) — and with it the failures of that work alone
   * (a file that vanishes after its lines were read, before its identity is taken).
   */
  default void readWhole(Path file, ParseSink sink) throws IOException {
    read(file, FileCursor.START, sink);
  }
}
