package dev.tokenledger.agent.source.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.Timestamps;
import dev.tokenledger.agent.source.ToolCallCounter;
import dev.tokenledger.agent.source.JsonNumbers;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a Gemini CLI message record into a request (shared by the JSONL and legacy parsers). */
final class GeminiMessages {

  static final String UNKNOWN_MODEL = "unknown";

  private GeminiMessages() {}

  /** Whether the record is a model response with token counts. */
  static boolean billable(JsonNode message) {
    return "gemini".equals(message.path("type").asText()) && message.path("tokens").isObject()
        && message.path("id").isTextual();
  }

  /** Session-level facts a message needs. */
  record Session(String sessionId, String parentSessionId, boolean subagent, String model, String workingDirectory) {}

  /**
   * A billable message turned into a request, or the problem that keeps it from being billed.
   *
   * @param usage the request, null when there is a problem
   * @param kind the problem's kind, null when there is none
   * @param problem why the message is not billed, null when it is
   */
  record Converted(ParsedUsage usage, ParseProblem.Kind kind, String problem) {}

  /**
   * The request of a billable message. Token classes (docs/log-formats.md §3.2): {@code input} includes
   * {@code cached}; {@code thoughts} are billed as output; {@code tool} (tool-use prompt) is added to
   * the uncached input when the total shows it is separate from {@code input}. A token value that is
   * not a non-negative whole number, or a missing timestamp, is a problem: the message is not billed.
   */
  static Converted toUsage(JsonNode m, Session session) {
    JsonNode t = m.path("tokens");
    List<String> invalid = new ArrayList<>();
    long input = n(t, "input", invalid);
    long output = n(t, "output", invalid);
    long cached = n(t, "cached", invalid);
    long thoughts = n(t, "thoughts", invalid);
    long tool = n(t, "tool", invalid);
    long total = n(t, "total", invalid);
    String id = m.path("id").asText();
    if (!invalid.isEmpty()) {
      return new Converted(null, ParseProblem.Kind.INVALID_VALUE,
          "gemini message with unusable token counts, not billed: " + String.join("; ", invalid));
    }
    Instant time = Timestamps.parse(m.path("timestamp").asText(null));
    if (time == null) {
      return new Converted(null, ParseProblem.Kind.MISSING_FIELD, "gemini message without a valid timestamp");
    }
    cached = Math.min(cached, input);
    boolean toolSeparate = !t.has("total") || total == input + output + thoughts + tool;
    long uncached = input - cached + (toolSeparate ? tool : 0);
    TokenCounts tokens = TokenCounts.newBuilder()
        .setInput(uncached)
        .setCacheRead(cached)
        .setOutput(output + thoughts)
        .setReasoning(thoughts)
        .setTool(tool)
        .setCacheWrite5m(0)
        .setCacheWrite1h(0)
        .build();
    String model = m.path("model").isTextual() && !m.path("model").asText().isBlank()
        ? m.path("model").asText() : session.model();
    ToolCallCounter tools = new ToolCallCounter();
    for (JsonNode call : m.path("toolCalls")) {
      if (call.path("name").isTextual()) {
        tools.add(call.path("name").asText());
      }
    }
    return new Converted(new ParsedUsage(
        SourceTool.GEMINI_CLI,
        null,
        "gemini-cli|" + session.sessionId() + "|" + id,
        "google",
        model == null ? UNKNOWN_MODEL : model,
        time,
        session.sessionId(),
        session.parentSessionId(),
        null,
        session.subagent() ? "subagent" : "main",
        null,
        session.subagent(),
        null,
        id,
        tokens,
        null,
        null,
        0,
        0,
        tools.toList(),
        Accuracy.EXACT,
        null,
        session.workingDirectory(),
        null,
        null,
        null), null, null);
  }

  private static long n(JsonNode t, String field, List<String> invalid) {
    JsonNumbers.Count c = JsonNumbers.count(t.path(field));
    if (!c.ok()) {
      invalid.add("tokens." + field + " " + c.problem());
    }
    return c.value();
  }

  /**
   * The project root recorded next to the chats ({@code <project>/.project_root}, ≥ v0.29), if it
   * holds an absolute path; else null.
   */
  static String projectRoot(Path chatFile) {
    for (Path dir = chatFile.getParent(); dir != null; dir = dir.getParent()) {
      if (dir.getFileName() != null && dir.getFileName().toString().equals("chats")) {
        Path marker = dir.resolveSibling(".project_root");
        try {
          if (Files.isRegularFile(marker) && Files.size(marker) < 4096) {
            String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
            return text.startsWith("/") || text.matches("^[A-Za-z]:\\\\.*") ? text : null;
          }
        } catch (IOException e) {
          return null;
        }
        return null;
      }
    }
    return null;
  }

  /** For {@code chats/<parentSessionId>/<sessionId>.jsonl}: the parent session id, else null. */
  static String parentFromPath(Path chatFile) {
    Path dir = chatFile.getParent();
    if (dir == null || dir.getFileName() == null || dir.getFileName().toString().equals("chats")) {
      return null;
    }
    Path up = dir.getParent();
    return up != null && up.getFileName() != null && up.getFileName().toString().equals("chats")
        ? dir.getFileName().toString() : null;
  }
}
