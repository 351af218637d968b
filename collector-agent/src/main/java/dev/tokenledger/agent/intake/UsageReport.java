package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.JsonNumbers;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.agent.validation.UsageValidator.TokenClass;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A usage report from an API-based agent or script (the HTTP intake's JSON body and the {@code log}
 * command), validated into a {@link ParsedUsage} of source {@code API}. Every problem is reported at
 * once: unknown fields, wrong types, token counts that are not non-negative whole numbers or exceed the
 * usage limits, a cost that is not a plain bounded decimal, a timestamp outside the accepted window,
 * a working directory that is not a local path. A report with a {@code requestId} is idempotent:
 * sending it again yields the same event id.
 */
public final class UsageReport {

  /** The accepted fields. */
  public static final Set<String> FIELDS = Set.of("agent", "model", "provider", "inputTokens", "outputTokens",
      "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "sessionId",
      "parentSessionId", "agentRole", "workflowStep", "requestId", "timestamp", "workingDirectory", "gitBranch",
      "gitCommit", "notes", "costUsd", "accuracy");

  private static final int MAX_TEXT = 500;
  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");
  /** What git allows in a branch name, roughly: no whitespace, control characters, or {@code ~^:?*[\}. */
  private static final Pattern BRANCH = Pattern.compile("[^\\s\\p{Cntrl}~^:?*\\[\\\\]+");
  private static final Pattern LOCAL_PATH = Pattern.compile("(/|[A-Za-z]:[\\\\/]|\\\\\\\\)[^\\p{Cntrl}]*");

  private UsageReport() {}

  /** The outcome: a usage or the list of problems. */
  public record Result(ParsedUsage usage, List<String> problems) {
    public boolean ok() {
      return usage != null;
    }
  }

  /** Parses and validates a body (bytes as received). */
  public static Result parse(byte[] body, UsageValidator validator) {
    IntakeBody.Decoded d = IntakeBody.decode(body);
    if (d.root() == null) {
      return new Result(null, List.of(d.problem()));
    }
    return parse(d.root(), validator);
  }

  public static Result parse(String body, UsageValidator validator) {
    return parse(body.getBytes(StandardCharsets.UTF_8), validator);
  }

  public static Result parse(JsonNode root, UsageValidator validator) {
    List<String> problems = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        problems.add("unknown field '" + JsonNumbers.shorten(f) + "' (accepted: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
      }
    }
    String model = text(root, "model", true, problems);
    String agent = text(root, "agent", false, problems);
    long input = count(root, "inputTokens", true, TokenClass.INPUT, validator, problems);
    long output = count(root, "outputTokens", true, TokenClass.OUTPUT, validator, problems);
    long cacheRead = count(root, "cacheReadTokens", false, TokenClass.CACHE_READ, validator, problems);
    long cacheWrite = count(root, "cacheWriteTokens", false, TokenClass.CACHE_WRITE, validator, problems);
    long cacheWrite1h = count(root, "cacheWrite1hTokens", false, TokenClass.CACHE_WRITE, validator, problems);
    long reasoning = count(root, "reasoningTokens", false, TokenClass.OUTPUT, validator, problems);
    validator.reasoning(reasoning, output, "reasoningTokens", "outputTokens", problems);
    String provider = text(root, "provider", false, problems);
    String session = text(root, "sessionId", false, problems);
    String requestId = text(root, "requestId", false, problems);
    String notes = text(root, "notes", false, problems);
    Instant time = validator.now();
    String ts = text(root, "timestamp", false, problems);
    if (ts != null) {
      try {
        time = Instant.parse(ts);
        validator.time(time, "timestamp", problems);
      } catch (DateTimeParseException e) {
        problems.add("timestamp must be ISO-8601 UTC such as 2026-01-31T12:00:00Z, was '" + JsonNumbers.shorten(ts) + "'");
      }
    }
    JsonNumbers.Decimal c = JsonNumbers.decimal(root.get("costUsd"));
    BigDecimal cost = c.value();
    if (!c.ok()) {
      problems.add("costUsd " + c.problem());
    } else {
      validator.cost(cost, "costUsd", problems);
    }
    Accuracy accuracy = Accuracy.ESTIMATED;
    String acc = text(root, "accuracy", false, problems);
    if (acc != null) {
      try {
        accuracy = Accuracy.valueOf(acc.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("accuracy must be EXACT or ESTIMATED, was '" + JsonNumbers.shorten(acc) + "'");
      }
    }
    String parent = text(root, "parentSessionId", false, problems);
    String role = text(root, "agentRole", false, problems);
    String step = text(root, "workflowStep", false, problems);
    String cwd = text(root, "workingDirectory", false, problems);
    if (cwd != null && (!LOCAL_PATH.matcher(cwd).matches() || cwd.contains("://"))) {
      problems.add("workingDirectory must be an absolute path on this machine (such as /home/me/repo)");
    }
    String branch = text(root, "gitBranch", false, problems);
    if (branch != null && !BRANCH.matcher(branch).matches()) {
      problems.add("gitBranch must be a git branch name (no spaces, ':', '?', '*', '[', '~', '^' or '\\\\')");
    }
    String commit = text(root, "gitCommit", false, problems);
    if (commit != null && !COMMIT.matcher(commit).matches()) {
      problems.add("gitCommit must be a commit hash (7 to 64 hex digits)");
    }
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

  private static long count(JsonNode root, String field, boolean required, TokenClass cls, UsageValidator validator,
      List<String> problems) {
    JsonNumbers.Count c = JsonNumbers.count(root.get(field));
    if (!c.ok()) {
      problems.add("'" + field + "' " + c.problem());
      return 0;
    }
    if (!c.present()) {
      if (required) {
        problems.add("'" + field + "' is required");
      }
      return 0;
    }
    validator.tokens(c.value(), "'" + field + "'", cls, problems);
    return c.value();
  }
}
