package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A usage report from an API-based agent or script (the HTTP intake's JSON body and the {@code log}
 * command), validated into a {@link ParsedUsage} of source {@code API}. Every problem is reported at
 * once. A report with a {@code requestId} is idempotent: sending it again yields the same event id.
 */
public final class UsageReport {

  /** The accepted fields. */
  public static final Set<String> FIELDS = Set.of("agent", "model", "provider", "inputTokens", "outputTokens",
      "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "sessionId",
      "parentSessionId", "agentRole", "workflowStep", "requestId", "timestamp", "workingDirectory", "gitBranch",
      "gitCommit", "notes", "costUsd", "accuracy");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXT = 500;

  private UsageReport() {}

  /** The outcome: a usage or the list of problems. */
  public record Result(ParsedUsage usage, List<String> problems) {
    public boolean ok() {
      return usage != null;
    }
  }

  public static Result parse(String body, Clock clock) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Result(null, List.of("body is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return new Result(null, List.of("body must be a JSON object"));
    }
    return parse(root, clock);
  }

  public static Result parse(JsonNode root, Clock clock) {
    List<String> problems = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        problems.add("unknown field '" + f + "' (accepted: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
      }
    }
    String model = text(root, "model", true, problems);
    String agent = text(root, "agent", false, problems);
    long input = count(root, "inputTokens", true, problems);
    long output = count(root, "outputTokens", true, problems);
    long cacheRead = count(root, "cacheReadTokens", false, problems);
    long cacheWrite = count(root, "cacheWriteTokens", false, problems);
    long cacheWrite1h = count(root, "cacheWrite1hTokens", false, problems);
    long reasoning = count(root, "reasoningTokens", false, problems);
    String provider = text(root, "provider", false, problems);
    String session = text(root, "sessionId", false, problems);
    String requestId = text(root, "requestId", false, problems);
    String notes = text(root, "notes", false, problems);
    Instant time = clock.instant();
    String ts = text(root, "timestamp", false, problems);
    if (ts != null) {
      try {
        time = Instant.parse(ts);
      } catch (DateTimeParseException e) {
        problems.add("timestamp must be ISO-8601 UTC such as 2026-01-31T12:00:00Z, was '" + ts + "'");
      }
    }
    BigDecimal cost = null;
    if (root.hasNonNull("costUsd")) {
      JsonNode c = root.get("costUsd");
      try {
        cost = new BigDecimal(c.asText());
        if (cost.signum() < 0) {
          problems.add("costUsd must not be negative");
        }
      } catch (NumberFormatException e) {
        problems.add("costUsd must be a decimal number, was '" + c.asText() + "'");
      }
    }
    Accuracy accuracy = Accuracy.ESTIMATED;
    String acc = text(root, "accuracy", false, problems);
    if (acc != null) {
      try {
        accuracy = Accuracy.valueOf(acc.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("accuracy must be EXACT or ESTIMATED, was '" + acc + "'");
      }
    }
    if (reasoning > output && output >= 0) {
      problems.add("reasoningTokens (" + reasoning + ") cannot exceed outputTokens (" + output + "): reasoning is part of output");
    }
    String parent = text(root, "parentSessionId", false, problems);
    String role = text(root, "agentRole", false, problems);
    String step = text(root, "workflowStep", false, problems);
    String cwd = text(root, "workingDirectory", false, problems);
    String branch = text(root, "gitBranch", false, problems);
    String commit = text(root, "gitCommit", false, problems);
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    String dedupKey = "api:" + (requestId != null ? requestId : UUID.randomUUID().toString());
    TokenCounts tokens = TokenCounts.newBuilder().setInput(input).setOutput(output).setCacheRead(cacheRead)
        .setCacheWrite5m(cacheWrite).setCacheWrite1h(cacheWrite1h).setReasoning(reasoning).setTool(0).build();
    ParsedUsage usage = new ParsedUsage(SourceTool.API, null, dedupKey,
        provider != null ? provider.toLowerCase(Locale.ROOT) : inferProvider(model), model,
        Instant.ofEpochMilli(time.toEpochMilli()), session != null ? session : "manual",
        parent, agent, role, step, false, requestId, null, tokens, null, null, 0, 0, List.of(),
        accuracy, cost, cwd, branch, commit, notes);
    return new Result(usage, List.of());
  }

  /** The provider for well-known model families, else "unknown" (pricing resolves it). */
  public static String inferProvider(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.contains("claude") || m.startsWith("sonnet") || m.startsWith("opus") || m.startsWith("haiku")) {
      return "anthropic";
    }
    if (m.startsWith("gpt") || m.matches("o\\d.*") || m.contains("codex")) {
      return "openai";
    }
    if (m.startsWith("gemini")) {
      return "google";
    }
    if (m.startsWith("qwen")) {
      return "alibaba";
    }
    return "unknown";
  }

  private static String text(JsonNode root, String field, boolean required, List<String> problems) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problems.add("'" + field + "' is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      problems.add("'" + field + "' must be a string");
      return null;
    }
    String s = n.asText().trim();
    if (s.isEmpty()) {
      if (required) {
        problems.add("'" + field + "' must not be blank");
      }
      return null;
    }
    if (s.length() > MAX_TEXT) {
      problems.add("'" + field + "' is longer than " + MAX_TEXT + " characters");
      return null;
    }
    return s;
  }

  private static long count(JsonNode root, String field, boolean required, List<String> problems) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problems.add("'" + field + "' is required");
      }
      return 0;
    }
    if (!n.isIntegralNumber() || n.asLong() < 0 || !n.canConvertToLong()) {
      problems.add("'" + field + "' must be a non-negative whole number, was " + n);
      return 0;
    }
    return n.asLong();
  }
}
