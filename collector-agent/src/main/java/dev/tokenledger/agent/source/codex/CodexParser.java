package dev.tokenledger.agent.source.codex;

import static dev.tokenledger.agent.source.codex.CodexCounters.allZero;
import static dev.tokenledger.agent.source.codex.CodexCounters.array;
import static dev.tokenledger.agent.source.codex.CodexCounters.counters;
import static dev.tokenledger.agent.source.codex.CodexCounters.join;
import static dev.tokenledger.agent.source.codex.CodexCounters.longs;
import static dev.tokenledger.agent.source.codex.CodexJson.JSON;
import static dev.tokenledger.agent.source.codex.CodexJson.firstText;
import static dev.tokenledger.agent.source.codex.CodexJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.Bytes;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.FileIdentity;
import dev.tokenledger.agent.source.LineReader;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParserStates;
import dev.tokenledger.agent.source.Timestamps;
import dev.tokenledger.events.Accuracy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Codex CLI rollout incrementally (docs/log-formats.md §2). Records are line-atomic, so nothing is
 * held back: each {@code token_count} is turned into one request as soon as it is read.
 *
 * <ul>
 *   <li>Model: the latest {@code turn_context.payload.model} (else a model in session_meta or the
 *       event, else {@code gpt-5} with ESTIMATED accuracy, as ccusage does).
 *   <li>Per-response usage from the CUMULATIVE {@code total_token_usage}: unchanged totals
 *       (re-emits) are skipped; an increase gives the delta; a decrease (resume/compaction reset)
 *       uses {@code last_token_usage}; without totals {@code last_token_usage} is used. Events whose
 *       counters are all zero ({@code fill_to_context_window}) are ignored.
 *   <li>Only one token source per file: {@code token_usage_record} (keyed by response id) or
 *       {@code token_count}, whichever carries usage first; the other only advances the counters.
 *   <li>Forked / spawned threads: token_counts in the same second as the thread's creation are
 *       the replayed parent history: they advance the baseline and emit nothing. Histories copied
 *       verbatim keep their timestamps and cumulative counters, which is what the key is made of,
 *       so they produce the parent's keys again (deduplicated downstream).
 * </ul>
 * The state that must survive a restart (counters, model, session attribution, pending tool calls)
 * is kept in the cursor's parser state.
 *
 * <p>This class decodes the lines and routes each record; the counter accounting is {@link
 * CodexCounters}, the thread's attribution {@link CodexSessionMeta}, the pending tool calls {@link
 * CodexToolCalls}, and the event built for a request {@link CodexRequests}.
 */
final class CodexParser implements LogFileParser {

  private static final byte[][] INTERESTING = {
    Bytes.ascii("\"token_count\""), Bytes.ascii("\"turn_context\""), Bytes.ascii("\"session_meta\""),
    Bytes.ascii("\"token_usage_record\""), Bytes.ascii("_call\""), Bytes.ascii("\"mcp_tool_call_end\"")
  };

  @Override
  public FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException {
    FileCursor cursor = FileIdentity.validate(file, from);
    ObjectNode state = ParserStates.read(cursor.parserState());
    Run run = new Run(file, sink, state);
    LineReader.Result result = LineReader.forThread().read(file, cursor.offset(), run);
    String identity = result.end() == 0 ? "" : FileIdentity.of(file);
    return new FileCursor(result.end(), identity, ParserStates.write(state));
  }

  private static final class Run implements LineReader.Handler {
    private final Path file;
    private final ParseSink sink;
    private final ObjectNode state;

    Run(Path file, ParseSink sink, ObjectNode state) {
      this.file = file;
      this.sink = sink;
      this.state = state;
      if (!state.has("s")) {
        state.put("s", CodexSessionMeta.sessionFromFileName(file));
      }
    }

    @Override
    public void oversized(long offset, long length) {
      sink.problem(new ParseProblem(file, offset, ParseProblem.Kind.MALFORMED_RECORD,
          "line longer than the limit, skipped", length + " bytes"));
    }

    @Override
    public void line(byte[] buf, int start, int end, long offset) {
      if (Bytes.blank(buf, start, end)) {
        return;
      }
      if (Bytes.lastNonBlank(buf, start, end) != '}') {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "not a complete JSON object", (end - start) + " bytes");
        return;
      }
      boolean interesting = false;
      for (byte[] pattern : INTERESTING) {
        if (Bytes.contains(buf, start, end, pattern)) {
          interesting = true;
          break;
        }
      }
      if (!interesting) {
        return;
      }
      JsonNode line;
      try {
        line = JSON.readTree(buf, start, end - start);
      } catch (IOException e) {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "malformed JSON line", (end - start) + " bytes");
        return;
      }
      if (line == null || !line.isObject()) {
        problem(offset, ParseProblem.Kind.MALFORMED_RECORD, "not a JSON object", (end - start) + " bytes");
        return;
      }
      String type = line.path("type").asText("");
      JsonNode payload = line.path("payload");
      switch (type) {
        case "session_meta" -> CodexSessionMeta.apply(state, line, payload);
        case "turn_context" -> {
          String model = text(payload.path("model"));
          if (model == null) {
            model = text(payload.path("collaboration_mode").path("settings").path("model"));
          }
          if (model != null) {
            state.put("m", model);
          }
        }
        case "response_item" -> CodexToolCalls.requested(state, payload);
        case "event_msg" -> {
          String kind = payload.path("type").asText();
          if ("token_count".equals(kind)) {
            tokenCount(line, payload, offset);
          } else if ("mcp_tool_call_end".equals(kind)) {
            CodexToolCalls.mcpCallEnded(state, payload);
          }
        }
        case "token_usage_record" -> tokenUsageRecord(line, payload, offset);
        default -> {
          // compacted, world_state, … : no usage of their own (compacted carries a snapshot only)
        }
      }
    }

    private void tokenCount(JsonNode line, JsonNode payload, long offset) {
      JsonNode info = payload.path("info");
      if (!info.isObject()) {
        return; // info:null = rate-limit refresh only
      }
      List<String> invalid = new ArrayList<>();
      long[] total = counters(info.path("total_token_usage"), "info.total_token_usage", invalid);
      long[] last = counters(info.path("last_token_usage"), "info.last_token_usage", invalid);
      if (!invalid.isEmpty()) {
        // nothing from this line: its usage is counted with the next valid cumulative total (ESTIMATED)
        problem(offset, ParseProblem.Kind.INVALID_VALUE, "token_count with unusable counters, not billed: "
            + String.join("; ", invalid), "event_msg/token_count");
        return;
      }
      if (total == null && last == null) {
        return;
      }
      if (total != null && allZero(total)) {
        total = null; // fill_to_context_window: {total_tokens: window, rest 0}
      }
      if (total == null && (last == null || allZero(last))) {
        return;
      }
      CodexCounters.Step step = CodexCounters.step(total, last, longs(state.path("t")),
          line.path("timestamp").asText(""));
      if (step == null) {
        return; // unchanged re-emit (rate-limit / UI refresh)
      }
      if (step.baseline() != null) {
        state.set("t", array(step.baseline()));
      }
      long[] delta = step.delta();
      Instant time = Timestamps.parse(line.path("timestamp").asText(null));
      if (time == null) {
        problem(offset, ParseProblem.Kind.MISSING_FIELD, "token_count without a valid timestamp", "event_msg/token_count");
        return;
      }
      if (inReplaySecond(time)) {
        return; // replayed parent history of a forked / spawned thread: baseline only
      }
      if (allZero(delta)) {
        return;
      }
      if ("tur".equals(state.path("mode").asText())) {
        return; // this file's usage comes from token_usage_record
      }
      state.put("mode", "tc");
      String model = firstText(payload.path("model"), info.path("model"));
      emit("codex|" + step.keyPart(), delta, step.exact() ? Accuracy.EXACT : Accuracy.ESTIMATED, time, model, null);
    }

    private void tokenUsageRecord(JsonNode line, JsonNode p, long offset) {
      List<String> invalid = new ArrayList<>();
      long[] usage = counters(p.path("usage"), "usage", invalid);
      long[] thread = counters(p.path("thread_token_usage"), "thread_token_usage", invalid);
      if (!invalid.isEmpty()) {
        problem(offset, ParseProblem.Kind.INVALID_VALUE, "token_usage_record with unusable counters, not billed: "
            + String.join("; ", invalid), "token_usage_record");
        return;
      }
      if (thread != null && !allZero(thread)) {
        state.set("t", array(thread)); // keeps the token_count baseline in step
      }
      if (usage == null || allZero(usage)) {
        return;
      }
      if ("tc".equals(state.path("mode").asText())) {
        return; // this file's usage already comes from token_count
      }
      Instant time = Timestamps.parse(line.path("timestamp").asText(null));
      if (time == null) {
        problem(offset, ParseProblem.Kind.MISSING_FIELD, "token_usage_record without a valid timestamp", "token_usage_record");
        return;
      }
      if (inReplaySecond(time)) {
        return;
      }
      state.put("mode", "tur");
      String response = text(p.path("response_id"));
      String key = response != null ? "codex|resp|" + response
          : "codex|tur|" + firstText(p.path("thread_id"), state.path("s")) + "|" + p.path("turn_id").asText("")
              + "|" + line.path("timestamp").asText("") + "|" + join(usage);
      emit(key, usage, Accuracy.EXACT, time, null, response);
    }

    private boolean inReplaySecond(Instant time) {
      return CodexSessionMeta.inReplaySecond(state, time);
    }

    private void emit(String key, long[] d, Accuracy accuracy, Instant time, String eventModel, String responseId) {
      sink.usage(CodexRequests.request(state, key, d, accuracy, time, eventModel, responseId));
    }

    private void problem(long offset, ParseProblem.Kind kind, String reason, String excerpt) {
      sink.problem(new ParseProblem(file, offset, kind, reason, excerpt));
    }
  }
}
