package dev.tokenledger.agent.otlp;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one OpenTelemetry log record into a usage, when it is a token-bearing event of an assistant this
 * agent takes telemetry from:
 *
 * <ul>
 *   <li>Claude Code {@code claude_code.api_request} (body {@code claude_code.api_request} or attribute
 *       {@code event.name} = {@code api_request}): {@code model}, {@code input_tokens} (uncached),
 *       {@code output_tokens}, {@code cache_read_tokens}, {@code cache_creation_tokens}, {@code cost_usd}
 *       / {@code cost_usd_micros}, {@code request_id}, {@code session.id}, {@code event.timestamp},
 *       {@code speed}, {@code query_source}, {@code agent.name}, {@code app.version};
 *   <li>Gemini CLI {@code gemini_cli.api_response}: {@code input_token_count} (includes cached),
 *       {@code cached_content_token_count}, {@code output_token_count}, {@code thoughts_token_count},
 *       {@code tool_token_count}, {@code model}, {@code session.id}, {@code prompt_id};
 *   <li>Codex CLI {@code codex.sse_event} with {@code event.kind} = {@code response.completed}:
 *       {@code input_token_count} (includes cached), {@code cached_token_count},
 *       {@code output_token_count} (includes reasoning), {@code reasoning_token_count},
 *       {@code tool_token_count}, {@code model}, {@code conversation.id}.
 * </ul>
 *
 * Every other record is {@link Kind#IGNORED} (not usage: tool results, prompts, errors …). A usage event
 * whose values break the agent's limits or that lacks its model or token counts is {@link Kind#REJECTED}
 * with the reasons (the OTLP answer's partial success). Values may arrive as int, double or string
 * attributes; counts must be whole and non-negative.
 */
public final class TelemetryUsage {

  /** What became of a record. */
  public enum Kind { USAGE, IGNORED, REJECTED }

  /**
   * The outcome for one record.
   *
   * @param usage the usage (kind USAGE)
   * @param identity who the telemetry names (kind USAGE)
   * @param problems why it was refused (kind REJECTED)
   */
  public record Outcome(Kind kind, ParsedUsage usage, TelemetryIdentity identity, List<String> problems) {
    static Outcome ignored() {
      return new Outcome(Kind.IGNORED, null, null, List.of());
    }
  }

  private final Set<String> sources;
  private final UsageValidator validator;

  /**
   * @param sources the accepted assistants ({@code claude_code}, {@code gemini_cli}, {@code codex})
   * @param validator the agent's limits and clock
   */
  public TelemetryUsage(Set<String> sources, UsageValidator validator) {
    this.sources = Set.copyOf(sources);
    this.validator = validator;
  }

  public Outcome map(TelemetryRecord r) {
    String event = eventName(r);
    if (event == null) {
      return Outcome.ignored();
    }
    if (event.equals("claude_code.api_request") && sources.contains("claude_code")) {
      return claude(r);
    }
    if (event.equals("gemini_cli.api_response") && sources.contains("gemini_cli")) {
      return gemini(r);
    }
    if (event.equals("codex.sse_event") && sources.contains("codex") && "response.completed".equals(text(r, "event.kind"))) {
      return codex(r);
    }
    return Outcome.ignored();
  }

  /** The full event name: Claude Code's body, or {@code event.name} (prefixed by the service when bare). */
  static String eventName(TelemetryRecord r) {
    String name = text(r, "event.name");
    if (r.body() != null && r.body().startsWith("claude_code.")) {
      return r.body();
    }
    if (name == null) {
      return null;
    }
    if (name.contains(".")) {
      return name;
    }
    String service = text(r, "service.name");
    return "claude-code".equals(service) ? "claude_code." + name : name;
  }

  private Outcome claude(TelemetryRecord r) {
    List<String> problems = new ArrayList<>();
    String model = required(r, "model", problems);
    long input = count(r, "input_tokens", true, UsageValidator.TokenClass.INPUT, problems);
    long output = count(r, "output_tokens", true, UsageValidator.TokenClass.OUTPUT, problems);
    long cacheRead = count(r, "cache_read_tokens", false, UsageValidator.TokenClass.CACHE_READ, problems);
    long cacheWrite = count(r, "cache_creation_tokens", false, UsageValidator.TokenClass.CACHE_WRITE, problems);
    BigDecimal cost = cost(r, problems);
    Instant time = time(r, problems);
    String session = text(r, "session.id");
    String requestId = text(r, "request_id");
    if (!problems.isEmpty()) {
      return new Outcome(Kind.REJECTED, null, null, List.copyOf(problems));
    }
    String key = requestId != null ? "claude-code|otel|req|" + requestId
        : "claude-code|otel|" + session + "|" + text(r, "prompt.id") + "|" + text(r, "event.sequence") + "|"
            + time.toEpochMilli() + "|" + model + "|" + input + "|" + output + "|" + cacheRead + "|" + cacheWrite;
    TokenCounts tokens = TokenCounts.newBuilder().setInput(input).setOutput(output).setCacheRead(cacheRead)
        .setCacheWrite5m(cacheWrite).setCacheWrite1h(0).setReasoning(0).setTool(0).build();
    String speed = text(r, "speed");
    String agent = text(r, "agent.name");
    ParsedUsage u = new ParsedUsage(SourceTool.CLAUDE_CODE, version(r), key, "anthropic", model, time,
        session != null ? session : "unknown", null, agent, text(r, "query_source"), text(r, "workflow.name"),
        agent != null, requestId, null, tokens, null, "normal".equals(speed) ? "standard" : speed, 0, 0, List.of(),
        Accuracy.EXACT, cost, null, null, null, null);
    return checked(u, r);
  }

  private Outcome gemini(TelemetryRecord r) {
    List<String> problems = new ArrayList<>();
    String model = required(r, "model", problems);
    long input = count(r, "input_token_count", true, UsageValidator.TokenClass.INPUT, problems);
    long cached = count(r, "cached_content_token_count", false, UsageValidator.TokenClass.CACHE_READ, problems);
    long output = count(r, "output_token_count", true, UsageValidator.TokenClass.OUTPUT, problems);
    long thoughts = count(r, "thoughts_token_count", false, UsageValidator.TokenClass.OUTPUT, problems);
    long tool = count(r, "tool_token_count", false, UsageValidator.TokenClass.INPUT, problems);
    Instant time = time(r, problems);
    if (cached > input) {
      problems.add("cached_content_token_count (" + cached + ") is larger than input_token_count (" + input + ")");
    }
    if (!problems.isEmpty()) {
      return new Outcome(Kind.REJECTED, null, null, List.copyOf(problems));
    }
    String session = text(r, "session.id");
    String key = "gemini-cli|otel|" + session + "|" + text(r, "prompt_id") + "|" + time.toEpochMilli() + "|" + model
        + "|" + input + "|" + cached + "|" + output + "|" + thoughts + "|" + tool;
    TokenCounts tokens = TokenCounts.newBuilder().setInput(input - cached).setCacheRead(cached)
        .setOutput(output + thoughts).setReasoning(thoughts).setTool(tool).setCacheWrite5m(0).setCacheWrite1h(0).build();
    ParsedUsage u = new ParsedUsage(SourceTool.GEMINI_CLI, version(r), key, "google", model, time,
        session != null ? session : "unknown", null, null, null, null, false, null, null, tokens, null, null, 0, 0,
        List.of(), Accuracy.EXACT, null, null, null, null, null);
    return checked(u, r);
  }

  private Outcome codex(TelemetryRecord r) {
    List<String> problems = new ArrayList<>();
    String model = required(r, "model", problems);
    long input = count(r, "input_token_count", true, UsageValidator.TokenClass.INPUT, problems);
    long cached = count(r, "cached_token_count", false, UsageValidator.TokenClass.CACHE_READ, problems);
    long output = count(r, "output_token_count", true, UsageValidator.TokenClass.OUTPUT, problems);
    long reasoning = count(r, "reasoning_token_count", false, UsageValidator.TokenClass.OUTPUT, problems);
    Instant time = time(r, problems);
    if (cached > input) {
      problems.add("cached_token_count (" + cached + ") is larger than input_token_count (" + input + ")");
    }
    validator.reasoning(reasoning, output, "reasoning_token_count", "output_token_count", problems);
    if (!problems.isEmpty()) {
      return new Outcome(Kind.REJECTED, null, null, List.copyOf(problems));
    }
    String session = text(r, "conversation.id");
    String key = "codex|otel|" + session + "|" + time.toEpochMilli() + "|" + model + "|" + input + "|" + cached + "|"
        + output + "|" + reasoning;
    TokenCounts tokens = TokenCounts.newBuilder().setInput(input - cached).setCacheRead(cached).setOutput(output)
        .setReasoning(reasoning).setTool(0).setCacheWrite5m(0).setCacheWrite1h(0).build();
    ParsedUsage u = new ParsedUsage(SourceTool.CODEX_CLI, version(r), key, "openai", model, time,
        session != null ? session : "unknown", null, null, null, null, false, null, null, tokens, null, null, 0, 0,
        List.of(), Accuracy.EXACT, null, null, null, null, null);
    return checked(u, r);
  }

  private Outcome checked(ParsedUsage u, TelemetryRecord r) {
    List<String> problems = validator.check(u);
    if (!problems.isEmpty()) {
      return new Outcome(Kind.REJECTED, null, null, List.copyOf(problems));
    }
    return new Outcome(Kind.USAGE, u, TelemetryIdentity.of(r), List.of());
  }

  private static String version(TelemetryRecord r) {
    String v = text(r, "app.version");
    return v != null ? v : text(r, "service.version");
  }

  /** A string attribute (numbers and booleans as text), trimmed, null when absent or blank. */
  static String text(TelemetryRecord r, String key) {
    Object v = r.get(key);
    if (v == null) {
      return null;
    }
    String s = v.toString().trim();
    if (s.isEmpty()) {
      return null;
    }
    return s.length() > 500 ? s.substring(0, 500) : s;
  }

  private static String required(TelemetryRecord r, String key, List<String> problems) {
    String s = text(r, key);
    if (s == null) {
      problems.add("attribute '" + key + "' is missing");
    }
    return s;
  }

  private long count(TelemetryRecord r, String key, boolean required, UsageValidator.TokenClass cls,
      List<String> problems) {
    Object v = r.get(key);
    if (v == null) {
      if (required) {
        problems.add("attribute '" + key + "' is missing");
      }
      return 0;
    }
    long n;
    if (v instanceof Long l) {
      n = l;
    } else if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      n = d.longValue();
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      n = Long.parseLong(s.trim());
    } else {
      problems.add("attribute '" + key + "' must be a whole number, was " + shorten(v));
      return 0;
    }
    if (n < 0) {
      problems.add("attribute '" + key + "' must not be negative, was " + n);
      return 0;
    }
    validator.tokens(n, "attribute '" + key + "'", cls, problems);
    return n;
  }

  private BigDecimal cost(TelemetryRecord r, List<String> problems) {
    Object micros = r.get("cost_usd_micros");
    Object v = micros != null ? micros : r.get("cost_usd");
    if (v == null) {
      return null;
    }
    BigDecimal cost;
    try {
      if (v instanceof Long l) {
        cost = BigDecimal.valueOf(l);
      } else if (v instanceof Double d) {
        cost = new BigDecimal(Double.toString(d)); // the shortest decimal that reads back as the double
      } else if (v instanceof String s && s.trim().length() <= 40) {
        cost = new BigDecimal(s.trim());
      } else {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      problems.add("attribute '" + (micros != null ? "cost_usd_micros" : "cost_usd") + "' must be a decimal number, was "
          + shorten(v));
      return null;
    }
    if (micros != null) {
      cost = cost.movePointLeft(6);
    }
    if (cost.scale() > UsageValidator.COST_SCALE) {
      cost = cost.setScale(UsageValidator.COST_SCALE, java.math.RoundingMode.HALF_EVEN); // an estimate, not billed
    }
    validator.cost(cost, "attribute 'cost_usd'", problems);
    return cost;
  }

  private Instant time(TelemetryRecord r, List<String> problems) {
    String ts = text(r, "event.timestamp");
    Instant t = null;
    if (ts != null) {
      try {
        t = Instant.parse(ts);
      } catch (DateTimeParseException e) {
        problems.add("attribute 'event.timestamp' must be ISO-8601, was " + shorten(ts));
        return Instant.EPOCH;
      }
    } else if (r.timeUnixNano() != 0) {
      t = nanos(r.timeUnixNano());
    } else if (r.observedTimeUnixNano() != 0) {
      t = nanos(r.observedTimeUnixNano());
    } else {
      t = validator.now();
    }
    t = Instant.ofEpochMilli(t.toEpochMilli());
    validator.time(t, "event time", problems);
    return t;
  }

  private static Instant nanos(long n) {
    return Instant.ofEpochSecond(Long.divideUnsigned(n, 1_000_000_000L), Long.remainderUnsigned(n, 1_000_000_000L));
  }

  private static String shorten(Object v) {
    String s = String.valueOf(v);
    return "'" + (s.length() <= 40 ? s : s.substring(0, 40) + "…") + "'";
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
