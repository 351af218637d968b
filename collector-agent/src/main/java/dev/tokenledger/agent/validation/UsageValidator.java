package dev.tokenledger.agent.validation;

import dev.tokenledger.agent.source.JsonNumbers;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a billed request against the {@link UsageLimits}: every token class under its bound,
 * reasoning within output, a reported cost that is a non-negative decimal of at most 9 decimal
 * places and under the bound, server-side tool counts of sane size, and an event time neither too far
 * after this machine's clock nor too old. The one place both the log path (the scanner) and the
 * intake path ({@code UsageReport}) ask; every problem is listed, none is fixed up.
 */
public final class UsageValidator {

  /** Most server-side web searches or fetches one request can bill (not configurable). */
  public static final int MAX_SERVER_TOOL_REQUESTS = 10_000;
  /** Decimal places the events' cost field keeps (Avro decimal(18,9)). */
  public static final int COST_SCALE = 9;

  /** The token classes and the config key that bounds each. */
  public enum TokenClass {
    INPUT("limits.max-input-tokens"),
    CACHE_READ("limits.max-cache-read-tokens"),
    CACHE_WRITE("limits.max-cache-write-tokens"),
    OUTPUT("limits.max-output-tokens");

    private final String key;

    TokenClass(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private final UsageLimits limits;
  private final Clock clock;

  public UsageValidator(UsageLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public UsageLimits limits() {
    return limits;
  }

  /** This machine's clock now (the time of a report that names none). */
  public Instant now() {
    return clock.instant();
  }

  /** Every problem of a parsed request (empty when it may be published). */
  public List<String> check(ParsedUsage u) {
    List<String> problems = new ArrayList<>();
    TokenCounts t = u.tokens();
    tokens(t.getInput(), "input tokens", TokenClass.INPUT, problems);
    tokens(t.getTool(), "tool-use prompt tokens", TokenClass.INPUT, problems);
    tokens(t.getCacheRead(), "cache-read tokens", TokenClass.CACHE_READ, problems);
    tokens(t.getCacheWrite5m(), "5-minute cache-write tokens", TokenClass.CACHE_WRITE, problems);
    tokens(t.getCacheWrite1h(), "1-hour cache-write tokens", TokenClass.CACHE_WRITE, problems);
    tokens(t.getOutput(), "output tokens", TokenClass.OUTPUT, problems);
    reasoning(t.getReasoning(), t.getOutput(), "reasoning tokens", "output tokens", problems);
    serverTools(u.webSearchRequests(), "web search requests", problems);
    serverTools(u.webFetchRequests(), "web fetch requests", problems);
    cost(u.reportedCostUsd(), "reported cost", problems);
    time(u.eventTime(), "event time", problems);
    return problems;
  }

  /** A token count of {@code cls} named {@code field}. */
  public void tokens(long value, String field, TokenClass cls, List<String> problems) {
    if (value < 0) {
      problems.add(field + " must not be negative, was " + value);
      return;
    }
    long max = switch (cls) {
      case INPUT -> limits.maxInputTokens();
      case CACHE_READ -> limits.maxCacheReadTokens();
      case CACHE_WRITE -> limits.maxCacheWriteTokens();
      case OUTPUT -> limits.maxOutputTokens();
    };
    if (value > max) {
      problems.add(field + " (" + value + ") exceed the limit of " + max + " per request (" + cls.key() + ")");
    }
  }

  /** Reasoning is part of output. */
  public void reasoning(long reasoning, long output, String reasoningField, String outputField, List<String> problems) {
    if (reasoning < 0) {
      problems.add(reasoningField + " must not be negative, was " + reasoning);
    } else if (output >= 0 && reasoning > output) {
      problems.add(reasoningField + " (" + reasoning + ") cannot exceed " + outputField + " (" + output
          + "): reasoning is part of output");
    }
  }

  private static void serverTools(int count, String field, List<String> problems) {
    if (count < 0 || count > MAX_SERVER_TOOL_REQUESTS) {
      problems.add(field + " must be between 0 and " + MAX_SERVER_TOOL_REQUESTS + ", was " + count);
    }
  }

  /** A cost in USD (null = not reported): 0 ≤ cost ≤ the limit, at most 9 decimal places once trailing zeros go. */
  public void cost(BigDecimal cost, String field, List<String> problems) {
    if (cost == null) {
      return;
    }
    if (Math.abs((long) cost.scale()) > 40 || cost.precision() > 40) {
      problems.add(field + " must be a plain decimal such as 0.0123, was " + JsonNumbers.shorten(cost.toString()));
      return;
    }
    if (cost.signum() < 0) {
      problems.add(field + " must not be negative, was " + cost.toPlainString());
      return;
    }
    if (cost.stripTrailingZeros().scale() > COST_SCALE) {
      problems.add(field + " has more than " + COST_SCALE + " decimal places, was " + cost.toPlainString());
    }
    if (cost.compareTo(limits.maxCostUsd()) > 0) {
      problems.add(field + " (" + cost.toPlainString() + " USD) exceeds the limit of "
          + limits.maxCostUsd().toPlainString() + " USD per request (limits.max-cost-usd)");
    }
  }

  /** An event time: at most the allowed skew after this machine's clock, at most the allowed age before it. */
  public void time(Instant at, String field, List<String> problems) {
    if (at == null) {
      problems.add(field + " is missing");
      return;
    }
    Instant now = clock.instant();
    if (at.isAfter(now.plus(limits.maxClockSkew()))) {
      problems.add(field + " " + at + " is more than " + human(limits.maxClockSkew()) + " after this machine's clock ("
          + now + ") (limits.max-clock-skew)");
    } else if (at.isBefore(now.minus(limits.maxEventAge()))) {
      problems.add(field + " " + at + " is more than " + human(limits.maxEventAge()) + " before this machine's clock ("
          + now + ") (limits.max-event-age)");
    }
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + " days";
    }
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + " minutes";
    }
    return d.toString();
  }
}
