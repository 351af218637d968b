package dev.tokenledger.agent.source.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.Bytes;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.FileIdentity;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.LineReader;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.ParserStates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A current Gemini chat ({@code .jsonl}, ≥ v0.39): a metadata line, message records (a message is
 * re-appended with the same id whenever it changes: the last version with tokens wins),
 * {@code $set} updates (a {@code messages} array in one is a checkpoint rebuild: its messages are
 * records too) and {@code $rewindTo} (ignored: rewound calls were billed).
 *
 * <p>A gemini message is emitted once: when the next gemini message (another id) is recorded, or
 * when the file is at rest. Until then the cursor stays at its first record (the same scheme as
 * Claude Code's streaming copies): a restart re-reads and rebuilds it; emitted ids after the cursor
 * are kept in the state.
 */
final class GeminiJsonlParser implements LogFileParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final Duration quiet;

  GeminiJsonlParser(Clock clock, Duration quiet) {
    this.clock = clock;
    this.quiet = quiet;
  }

  @Override
  public FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException {
    FileCursor cursor = FileIdentity.validate(file, from);
    ObjectNode state = ParserStates.read(cursor.parserState());
    Run run = new Run(file, sink, state);
    LineReader.SettledResult result = LineReader.forThread()
        .readSettled(file, cursor.offset(), run, clock, quiet, GeminiJsonlParser::parses);
    if (result.atRest()) {
      run.closeAll();
    } else {
      int held = (int) run.pending.values().stream().filter(p -> p.record != null).count();
      if (held > 0) {
        sink.heldBack(new HeldBack(file, held, quiet, result.modified().plus(quiet)));
      }
    }
    return run.cursor(result.end());
  }

  private static boolean parses(byte[] b) {
    try {
      return JSON.readTree(b) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private final class Run implements LineReader.Handler {
    private final Path file;
    private final ParseSink sink;
    private final ObjectNode state;
    private final Map<String, Long> emitted = new HashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final long reportedUpTo;

    Run(Path file, ParseSink sink, ObjectNode state) {
      this.file = file;
      this.sink = sink;
      this.state = state;
      state.path("e").fields().forEachRemaining(e -> emitted.put(e.getKey(), e.getValue().asLong()));
      reportedUpTo = state.path("r").asLong(0);
    }

    @Override
    public void oversized(long offset, long length) {
      problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "line longer than the limit, skipped", length + " bytes");
    }

    @Override
    public void line(byte[] buf, int start, int end, long offset) {
      if (Bytes.blank(buf, start, end)) {
        return;
      }
      JsonNode record;
      try {
        record = JSON.readTree(buf, start, end - start);
      } catch (IOException e) {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "malformed JSON line", (end - start) + " bytes");
        return;
      }
      if (record == null || !record.isObject()) {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "not a JSON object", (end - start) + " bytes");
        return;
      }
      if (record.has("$set")) {
        JsonNode messages = record.path("$set").path("messages");
        for (JsonNode m : messages) {
          message(m, offset);
        }
        return;
      }
      if (record.has("$rewindTo")) {
        return; // the rewound API calls were billed: keep them
      }
      if (record.has("id") && record.has("type")) {
        message(record, offset);
        return;
      }
      if (record.has("sessionId")) {
        metadata(record);
      }
      // anything else: unknown record kind, ignored
    }

    private void metadata(JsonNode m) {
      if (state.has("s")) {
        return;
      }
      state.put("s", m.path("sessionId").asText());
      if ("subagent".equals(m.path("kind").asText())) {
        state.put("sub", true);
      }
      String dir = GeminiLegacyParser.firstDirectory(m);
      if (dir != null) {
        state.put("d", dir);
      }
    }

    private void message(JsonNode m, long offset) {
      if (!"gemini".equals(m.path("type").asText()) || !m.path("id").isTextual()) {
        return; // user / info / error / warning: not billed
      }
      String id = m.path("id").asText();
      if (emitted.containsKey(id)) {
        emitted.put(id, offset); // a later version of an emitted message
        return;
      }
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getKey().equals(id)) {
          emit(e.getValue());
          it.remove();
        }
      }
      Pending p = pending.computeIfAbsent(id, k -> new Pending(offset));
      p.lastOffset = offset;
      if (m.path("tokens").isObject()) {
        p.record = m; // last version with tokens wins
      }
    }

    void closeAll() {
      pending.values().forEach(this::emit);
      pending.clear();
    }

    private void emit(Pending p) {
      if (p.record == null) {
        return; // never got tokens: not billed
      }
      String id = p.record.path("id").asText();
      emitted.put(id, p.lastOffset);
      String sessionId = state.path("s").asText(stem(file));
      String parent = GeminiMessages.parentFromPath(file);
      boolean sub = state.path("sub").asBoolean(false) || parent != null;
      String dir = state.has("d") ? state.get("d").asText() : GeminiMessages.projectRoot(file);
      GeminiMessages.Converted converted =
          GeminiMessages.toUsage(p.record, new GeminiMessages.Session(sessionId, parent, sub, null, dir));
      if (converted.usage() == null) {
        problem(p.firstOffset, converted.kind(), converted.problem(), "message " + id);
        return;
      }
      ParsedUsage usage = converted.usage();
      if (usage.model().equals(GeminiMessages.UNKNOWN_MODEL)) {
        problem(p.firstOffset, ParseProblem.Kind.UNKNOWN_MODEL, "gemini message without a model (emitted as unknown)", "message " + id);
      }
      sink.usage(usage);
    }

    private void problem(long offset, ParseProblem.Kind kind, String reason, String excerpt) {
      if (offset >= reportedUpTo) {
        sink.problem(new ParseProblem(file, offset, kind, reason, excerpt));
      }
    }

    FileCursor cursor(long end) throws IOException {
      long offset = end;
      for (Pending p : pending.values()) {
        offset = Math.min(offset, p.firstOffset);
      }
      state.remove("e");
      state.remove("r");
      if (offset < end) {
        ObjectNode keys = state.putObject("e");
        long keep = offset;
        emitted.forEach((k, last) -> {
          if (last >= keep) {
            keys.put(k, last);
          }
        });
        state.put("r", Math.max(reportedUpTo, end));
      }
      return new FileCursor(offset, end == 0 ? "" : FileIdentity.of(file), ParserStates.write(state));
    }
  }

  private static final class Pending {
    final long firstOffset;
    long lastOffset;
    JsonNode record;

    Pending(long firstOffset) {
      this.firstOffset = firstOffset;
    }
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".jsonl") ? n.substring(0, n.length() - 6) : n;
  }
}
