package dev.tokenledger.agent.source.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.Bytes;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.FileIdentity;
import dev.tokenledger.agent.source.LineReader;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.ParserStates;
import dev.tokenledger.agent.source.Timestamps;
import dev.tokenledger.agent.source.ToolCallCounter;
import dev.tokenledger.agent.source.JsonNumbers;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

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
 */
final class CodexParser implements LogFileParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[][] INTERESTING = {
    Bytes.ascii("\"token_count\""), Bytes.ascii("\"turn_context\""), Bytes.ascii("\"session_meta\""),
    Bytes.ascii("\"token_usage_record\""), Bytes.ascii("_call\""), Bytes.ascii("\"mcp_tool_call_end\"")
  };
  private static final String[] FIELDS = {"input_tokens", "cached_input_tokens", "output_tokens",
    "reasoning_output_tokens", "total_tokens"};

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
        state.put("s", sessionFromFileName(file));
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
        case "session_meta" -> sessionMeta(line, payload);
        case "turn_context" -> {
          String model = text(payload.path("model"));
          if (model == null) {
            model = text(payload.path("collaboration_mode").path("settings").path("model"));
          }
          if (model != null) {
            state.put("m", model);
          }
        }
        case "response_item" -> toolCall(payload);
        case "event_msg" -> {
          String kind = payload.path("type").asText();
          if ("token_count".equals(kind)) {
            tokenCount(line, payload, offset);
          } else if ("mcp_tool_call_end".equals(kind)) {
            mcpCallEnd(payload);
          }
        }
        case "token_usage_record" -> tokenUsageRecord(line, payload, offset);
        default -> {
          // compacted, world_state, … : no usage of their own (compacted carries a snapshot only)
        }
      }
    }

    private void sessionMeta(JsonNode line, JsonNode p) {
      if (state.path("meta").asBoolean(false)) {
        return; // first session_meta describes the file's thread
      }
      String id = text(p.path("id"));
      if (id == null) {
        return;
      }
      state.put("meta", true);
      state.put("s", id);
      JsonNode source = p.path("source");
      JsonNode subagent = source.path("subagent");
      String parent = firstText(p.path("parent_thread_id"), subagent.path("thread_spawn").path("parent_thread_id"),
          p.path("forked_from_id"));
      String root = text(p.path("session_id"));
      if (parent == null && root != null && !root.equals(id)) {
        parent = root;
      }
      putIf("p", parent);
      if (!subagent.isMissingNode()) {
        state.put("sub", true);
        String role = subagent.isTextual() ? subagent.asText()
            : firstText(subagent.path("thread_spawn").path("agent_role"), p.path("agent_role"));
        state.put("role", role != null ? role : "subagent");
        putIf("an", firstText(subagent.path("thread_spawn").path("agent_nickname"), p.path("agent_nickname")));
      }
      if (!subagent.isMissingNode() || p.hasNonNull("forked_from_id")) {
        Instant created = Timestamps.parse(firstText(line.path("timestamp"), p.path("timestamp")));
        if (created != null) {
          state.put("replaySec", created.getEpochSecond()); // replayed history is written in this second
        }
      }
      putIf("c", text(p.path("cwd")));
      putIf("b", text(p.path("git").path("branch")));
      putIf("h", text(p.path("git").path("commit_hash")));
      putIf("v", text(p.path("cli_version")));
      putIf("sm", text(p.path("model")));
      String provider = text(p.path("model_provider"));
      putIf("prov", provider);
    }

    /**
     * A tool call requested by the model. Calls with a {@code call_id} are kept by id so that the
     * {@code mcp_tool_call_end} event of the same call can name its MCP server and tool.
     */
    private void toolCall(JsonNode p) {
      String type = p.path("type").asText("");
      String name = switch (type) {
        case "function_call", "custom_tool_call" -> text(p.path("name"));
        case "local_shell_call" -> "local_shell";
        case "web_search_call" -> "web_search";
        default -> null;
      };
      if (name == null) {
        return;
      }
      String callId = text(p.path("call_id"));
      if (callId != null) {
        calls().put(callId, name);
      } else {
        ObjectNode tools = state.has("tools") ? (ObjectNode) state.get("tools") : state.putObject("tools");
        tools.put(name, tools.path(name).asInt(0) + 1);
      }
    }

    /** An MCP call finished: its call is {@code mcp__<server>__<tool>}. */
    private void mcpCallEnd(JsonNode p) {
      JsonNode invocation = p.path("invocation");
      String server = text(invocation.path("server"));
      String tool = text(invocation.path("tool"));
      if (server == null || tool == null) {
        return;
      }
      String callId = text(p.path("call_id"));
      calls().put(callId != null ? callId : "mcp-" + calls().size(), "mcp__" + server + "__" + tool);
    }

    private ObjectNode calls() {
      return state.has("calls") ? (ObjectNode) state.get("calls") : state.putObject("calls");
    }

    private void tokenCount(JsonNode line, JsonNode payload, long offset) {
      JsonNode info = payload.path("info");
      if (!info.isObject()) {
        return; // info:null = rate-limit refresh only
      }
      java.util.List<String> invalid = new java.util.ArrayList<>();
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
      long[] prev = longs(state.path("t"));
      long[] delta;
      boolean exact;
      String keyPart;
      if (total != null) {
        if (prev != null && java.util.Arrays.equals(total, prev)) {
          return; // unchanged re-emit (rate-limit / UI refresh)
        }
        boolean reset = prev != null && decreased(total, prev);
        if (prev == null) {
          delta = total.clone();
        } else if (reset) {
          delta = last != null ? last.clone() : total.clone();
        } else {
          delta = minus(total, prev);
        }
        exact = last != null && same(delta, last);
        keyPart = "tc|" + line.path("timestamp").asText("") + "|" + join(total);
        state.set("t", array(total));
      } else {
        delta = last.clone();
        exact = true;
        keyPart = "tl|" + line.path("timestamp").asText("") + "|" + join(last);
      }
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
      emit("codex|" + keyPart, delta, exact ? Accuracy.EXACT : Accuracy.ESTIMATED, time, model, null);
    }

    private void tokenUsageRecord(JsonNode line, JsonNode p, long offset) {
      java.util.List<String> invalid = new java.util.ArrayList<>();
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
      return state.has("replaySec") && time.getEpochSecond() == state.get("replaySec").asLong();
    }

    private void emit(String key, long[] d, Accuracy accuracy, Instant time, String eventModel, String responseId) {
      long input = d[0];
      long cached = Math.min(d[1], input);
      String model = eventModel != null ? eventModel : text(state.path("m"));
      if (model == null) {
        model = text(state.path("sm"));
      }
      if (model == null) {
        model = "gpt-5"; // as ccusage: early rollouts have no turn_context model
        accuracy = Accuracy.ESTIMATED;
      }
      TokenCounts tokens = TokenCounts.newBuilder()
          .setInput(Math.max(input - cached, 0))
          .setCacheRead(cached)
          .setOutput(d[2])
          .setReasoning(Math.min(d[3], d[2]))
          .setCacheWrite5m(0)
          .setCacheWrite1h(0)
          .setTool(0)
          .build();
      ToolCallCounter tools = new ToolCallCounter();
      if (state.has("tools")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = state.get("tools").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          for (int i = 0; i < e.getValue().asInt(); i++) {
            tools.add(e.getKey());
          }
        }
        state.remove("tools");
      }
      if (state.has("calls")) {
        state.get("calls").forEach(n -> tools.add(n.asText()));
        state.remove("calls");
      }
      boolean sub = state.path("sub").asBoolean(false);
      String provider = text(state.path("prov"));
      sink.usage(new ParsedUsage(
          SourceTool.CODEX_CLI,
          text(state.path("v")),
          key,
          provider == null ? "openai" : provider.toLowerCase(java.util.Locale.ROOT),
          model,
          time,
          state.path("s").asText(),
          text(state.path("p")),
          text(state.path("an")),
          sub ? text(state.path("role")) : "main",
          null,
          sub,
          responseId,
          null,
          tokens,
          null,
          null,
          0,
          0,
          tools.toList(),
          accuracy,
          null,
          text(state.path("c")),
          text(state.path("b")),
          text(state.path("h")),
          null));
    }

    private void putIf(String key, String value) {
      if (value != null) {
        state.put(key, value);
      }
    }

    private void problem(long offset, ParseProblem.Kind kind, String reason, String excerpt) {
      sink.problem(new ParseProblem(file, offset, kind, reason, excerpt));
    }
  }

  static String sessionFromFileName(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    // rollout-YYYY-MM-DDThh-mm-ss-<uuid>[_<rollout id>]
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})").matcher(stem);
    return m.find() ? m.group(1) : stem;
  }

  /**
   * The counters of a TokenUsage object (absent fields are 0), or null when there is no object; a value
   * that is not a non-negative whole number is added to {@code invalid} (never read as another number).
   */
  static long[] counters(JsonNode usage, String where, java.util.List<String> invalid) {
    if (!usage.isObject()) {
      return null;
    }
    long[] c = new long[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      JsonNumbers.Count n = JsonNumbers.count(usage.path(FIELDS[i]));
      if (!n.ok()) {
        invalid.add(where + "." + FIELDS[i] + " " + n.problem());
      }
      c[i] = n.value();
    }
    return c;
  }

  /** input, cached, output and reasoning all zero (total_tokens alone does not count). */
  static boolean allZero(long[] c) {
    return c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0;
  }

  static boolean decreased(long[] now, long[] prev) {
    for (int i = 0; i < now.length; i++) {
      if (now[i] < prev[i]) {
        return true;
      }
    }
    return false;
  }

  static boolean same(long[] a, long[] b) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
  }

  static long[] minus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = Math.max(0, a[i] - b[i]);
    }
    return d;
  }

  static String join(long[] c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      sb.append(i == 0 ? "" : ",").append(c[i]);
    }
    return sb.toString();
  }

  static ArrayNode array(long[] c) {
    ArrayNode a = JSON.createArrayNode();
    for (long v : c) {
      a.add(v);
    }
    return a;
  }

  static long[] longs(JsonNode node) {
    if (node == null || !node.isArray() || node.size() != FIELDS.length) {
      return null;
    }
    long[] c = new long[FIELDS.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = node.get(i).asLong();
    }
    return c;
  }

  static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  static String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      String t = text(n);
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
