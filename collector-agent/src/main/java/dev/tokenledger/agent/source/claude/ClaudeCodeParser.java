package dev.tokenledger.agent.source.claude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.Bytes;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.FileIdentity;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.LineReader;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParserStates;
import dev.tokenledger.agent.source.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Claude Code transcript ({@code .jsonl}) incrementally.
 *
 * <p>Counts only top-level {@code type:"assistant"} lines with {@code message.usage}; skips
 * {@code progress} copies, {@code <synthetic>} models and {@code isApiErrorMessage} lines. The
 * streaming copies of one response (same {@code message.id}) are grouped and the copy with the
 * largest total (ties: the later line) is emitted once, with the tool calls of all copies.
 *
 * <p>A group is emitted when the next response of the same stream (main conversation, or one
 * sub-agent's side chain) starts, when a main-conversation response starts (it ends every side
 * chain) or a side chain starts (the parent's response that launched it is complete), or when the
 * file is at rest (unchanged for the quiet period).
 * Until then the cursor stays at the group's first line, so a restart re-reads and rebuilds it; the
 * keys already emitted after that point are kept in the parser state so they are never emitted
 * twice. Consequently, while a group is pending, {@code cursor.offset() < size}: the caller keeps
 * calling {@link #read} (cheap: only the pending tail is re-read) until the file is at rest.
 *
 * <p>This class decides which lines count and when a response is final (the per-line hot path, see
 * docs/agent-sources.md, Performance); the copies of one response and the request built from the
 * best copy are {@link ClaudeResponseGroup}.
 */
final class ClaudeCodeParser implements LogFileParser {

  private static final byte[] USAGE = Bytes.ascii("\"usage\"");

  private final ClaudeFileContext context;
  private final Clock clock;
  private final Duration quiet;
  private final ClaudeLineParser lineParser = new ClaudeLineParser();

  ClaudeCodeParser(ClaudeFileContext context, Clock clock, Duration quiet) {
    this.context = context;
    this.clock = clock;
    this.quiet = quiet;
  }

  @Override
  public FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException {
    FileCursor cursor = FileIdentity.validate(file, from);
    Run run = new Run(file, sink, ParserStates.read(cursor.parserState()));
    LineReader.SettledResult result = readFrom(file, cursor.offset(), run);
    return run.cursor(file, result.end(), result.head());
  }

  /** As {@link #read} from the start, without the cursor's identity hash and state. */
  @Override
  public void readWhole(Path file, ParseSink sink) throws IOException {
    readFrom(file, 0, new Run(file, sink, null));
  }

  private LineReader.SettledResult readFrom(Path file, long offset, Run run) throws IOException {
    LineReader.SettledResult result = LineReader.forThread()
        .readSettled(file, offset, run, clock, quiet, ClaudeLineParser::isCompleteObject);
    if (result.atRest()) {
      run.closeAll();
    } else if (run.billablePending() > 0) {
      run.sink.heldBack(new HeldBack(file, run.billablePending(), quiet, result.modified().plus(quiet)));
    }
    return result;
  }

  /** One call of {@link #read} or {@link #readWhole}: pending groups, emitted keys. */
  private final class Run implements LineReader.Handler {
    private final Path file;
    private final ParseSink sink;
    /** key -> offset of its last copy seen, for groups emitted at or after the cursor. */
    private final Map<String, Long> emitted = new HashMap<>();
    private final Map<String, ClaudeResponseGroup> pending = new LinkedHashMap<>();
    private final Map<String, String> streamKey = new HashMap<>();
    private final ClaudeLineScanner.Recent recent = new ClaudeLineScanner.Recent();
    /** The offset of the line {@link #lineAt} read up to a type other than assistant (-1: none). */
    private long stopped = -1;
    private final long reportedUpTo;

    /** {@code state}: the cursor's parser state (null: a read from the start that keeps no cursor). */
    Run(Path file, ParseSink sink, ObjectNode state) {
      this.file = file;
      this.sink = sink;
      if (state != null && state.has("e")) {
        state.get("e").fields().forEachRemaining(e -> emitted.put(e.getKey(), e.getValue().asLong()));
      }
      this.reportedUpTo = state == null ? 0 : state.path("r").asLong(0);
    }

    @Override
    public void oversized(long offset, long length) {
      problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "line longer than the limit, skipped",
          length + " bytes");
    }

    /**
     * One pass over the line straight from the reader's buffer, finding its end on the way (an assistant
     * line is not searched for its newline first). A line read in full is done here; a line stopped at
     * its type is remembered so that {@link #line} does not read it again; any other goes to {@link #line}.
     */
    @Override
    public int lineAt(byte[] buf, int start, int limit, long offset) {
      ClaudeLine line = ClaudeLineScanner.scanToNewline(buf, start, limit, recent);
      if (line == null) {
        return -(start + 1);
      }
      if (line.newline < 0) {
        stopped = offset; // not an assistant line: only the checks of its end are left
        return -(line.stoppedAt + 1);
      }
      int end = line.newline;
      if (end > start && buf[end - 1] == '\r') {
        end--;
      }
      counted(line, buf, start, end, offset);
      return line.newline;
    }

    @Override
    public void line(byte[] buf, int start, int end, long offset) {
      if (Bytes.blank(buf, start, end)) {
        return;
      }
      if (Bytes.lastNonBlank(buf, start, end) != '}') {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "not a complete JSON object",
            (end - start) + " bytes");
        return;
      }
      if (offset == stopped) {
        return; // read up to its type by lineAt: not an assistant line
      }
      // one pass over the line's bytes; a line it does not read in full goes to the full parser
      ClaudeLine line = ClaudeLineScanner.scan(buf, start, end, recent);
      if (line == null) {
        // from the end: in a line that carries usage, it follows the message content (most of the line)
        if (Bytes.lastIndexOf(buf, start, end, USAGE) < 0) {
          return; // cannot carry usage: user lines, tool results, snapshots, summaries, ...
        }
        try {
          line = lineParser.parse(buf, start, end);
        } catch (IOException | RuntimeException e) {
          problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "malformed JSON line",
              ClaudeLineParser.structure(buf, start, end));
          return;
        }
      }
      counted(line, buf, start, end, offset);
    }

    /** A line read (by either path), {@code buf[start, end)}: counted if it is an assistant line with usage. */
    private void counted(ClaudeLine line, byte[] buf, int start, int end, long offset) {
      if (!"assistant".equals(line.type)) {
        return; // progress (agent_progress copies of sub-agent usage), user, system, unknown types
      }
      if (!line.hasUsage) {
        if (Bytes.lastIndexOf(buf, start, end, USAGE) < 0) {
          return; // as before the scanner: a line that cannot carry usage is not looked at
        }
        problem(offset, ParseProblem.Kind.MISSING_FIELD, "assistant line without message.usage",
            ClaudeLineParser.structure(buf, start, end));
        return;
      }
      if (line.apiError || "<synthetic>".equals(line.model)) {
        return; // locally generated error / interrupt message: not billed
      }
      if (line.model == null || line.model.isBlank()) {
        problem(offset, ParseProblem.Kind.MISSING_FIELD, "assistant usage without message.model",
            ClaudeLineParser.structure(buf, start, end));
        return;
      }
      line.time = Timestamps.parse(line.timestamp);
      if (line.time == null) {
        problem(offset, ParseProblem.Kind.MISSING_FIELD, "assistant usage without a valid timestamp",
            ClaudeLineParser.structure(buf, start, end));
        return;
      }
      String key = ClaudeKeys.dedupKey(line, context);
      if (emitted.containsKey(key)) {
        emitted.put(key, offset); // a copy of a request already emitted: never twice
        return;
      }
      if (!line.invalid.isEmpty()) {
        // never billed as some other number: the whole response (every copy) is withheld
        problem(offset, ParseProblem.Kind.INVALID_VALUE, "usage value not usable, the response is not billed: "
            + String.join("; ", line.invalid), ClaudeLineParser.structure(buf, start, end));
      }
      String stream = line.sidechain ? "s:" + (line.agentId != null ? line.agentId : "") : "m";
      if (!pending.containsKey(key)) {
        // a new response starts: the previous one of the same stream is final; a main-conversation
        // response also ends every side chain (the parent resumes after its sub-agents), and a side
        // chain starts only after the parent's response that launched it was complete
        List<String> ended = new ArrayList<>();
        streamKey.forEach((s, k) -> {
          if (s.equals(stream) || stream.equals("m") || s.equals("m")) {
            ended.add(k);
          }
        });
        for (String k : ended) {
          ClaudeResponseGroup done = pending.remove(k);
          if (done != null) {
            emit(done);
          }
        }
      }
      pending.computeIfAbsent(key, k -> new ClaudeResponseGroup(k, offset, context)).add(line, offset);
      streamKey.put(stream, key);
    }

    /** Responses waiting for their file to come to rest that will be billed. */
    int billablePending() {
      int n = 0;
      for (ClaudeResponseGroup g : pending.values()) {
        if (!g.invalid && g.best != null && g.best.total() > 0) {
          n++;
        }
      }
      return n;
    }

    void closeAll() {
      for (Iterator<ClaudeResponseGroup> it = pending.values().iterator(); it.hasNext(); ) {
        emit(it.next());
        it.remove();
      }
      streamKey.clear();
    }

    private void emit(ClaudeResponseGroup group) {
      emitted.put(group.key, group.lastOffset);
      // an all-zero usage object bills nothing; a response with an unusable copy was reported, not billed
      if (!group.invalid && group.best != null && group.best.total() > 0) {
        sink.usage(group.toUsage());
      }
      streamKey.values().removeIf(group.key::equals);
    }

    private void problem(long offset, ParseProblem.Kind kind, String reason, String excerpt) {
      if (offset < reportedUpTo) {
        return; // reported by an earlier read of this pending tail
      }
      sink.problem(new ParseProblem(file, offset, kind, reason, excerpt));
    }

    FileCursor cursor(Path file, long end, byte[] head) throws IOException {
      long offset = end;
      for (ClaudeResponseGroup g : pending.values()) {
        offset = Math.min(offset, g.firstOffset);
      }
      ObjectNode state = ParserStates.empty();
      if (offset < end) {
        ObjectNode keys = state.putObject("e");
        long keep = offset;
        emitted.forEach((k, last) -> {
          if (last >= keep) {
            keys.put(k, last);
          }
        });
        if (keys.isEmpty()) {
          state.remove("e");
        }
        state.put("r", Math.max(reportedUpTo, end));
      }
      String identity = end == 0 ? "" : FileIdentity.of(file, head);
      return new FileCursor(offset, identity, ParserStates.write(state));
    }
  }
}
