package dev.tokenledger.agent.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageValidatorTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  final UsageValidator validator = new UsageValidator(UsageLimits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

  static ParsedUsage usage(TokenCounts tokens, BigDecimal cost, Instant at, int webSearches) {
    return new ParsedUsage(SourceTool.CLAUDE_CODE, null, "k", "anthropic", "claude-opus-4-6", at, "s", null, null, null,
        null, false, null, null, tokens, null, null, webSearches, 0, List.of(), Accuracy.EXACT, cost, null, null, null, null);
  }

  static TokenCounts tokens(long in, long out, long cacheRead, long write5m, long write1h, long reasoning, long tool) {
    return TokenCounts.newBuilder().setInput(in).setOutput(out).setCacheRead(cacheRead).setCacheWrite5m(write5m)
        .setCacheWrite1h(write1h).setReasoning(reasoning).setTool(tool).build();
  }

  @Test
  void aRequestWithinEveryLimitPasses() {
    assertThat(validator.check(usage(tokens(10_000_000, 1_000_000, 10_000_000, 10_000_000, 10_000_000, 1_000_000,
        10_000_000), new BigDecimal("1000.000000000"), NOW.plus(Duration.ofMinutes(15)), 10_000))).isEmpty();
    assertThat(validator.check(usage(tokens(0, 0, 0, 0, 0, 0, 0), null, NOW.minus(Duration.ofDays(400)), 0))).isEmpty();
  }

  @Test
  void everyBoundIsCheckedAndEveryProblemListed() {
    List<String> problems = validator.check(usage(tokens(1_000_000_000_000L, 1_000_001, 10_000_001, 10_000_001,
        10_000_001, 2_000_000, 10_000_001), new BigDecimal("1000.0000000001"), NOW.plus(Duration.ofMinutes(16)), 10_001));
    assertThat(problems).hasSize(11);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("input tokens (1000000000000) exceed the limit of 10000000"
        + " per request (limits.max-input-tokens)"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("output tokens (1000001)").contains("limits.max-output-tokens"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("cache-read tokens").contains("limits.max-cache-read-tokens"));
    assertThat(problems).filteredOn(p -> p.contains("limits.max-cache-write-tokens")).hasSize(2);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("tool-use prompt tokens"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("reasoning tokens (2000000) cannot exceed output tokens"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("web search requests"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("has more than 9 decimal places"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("more than 15 minutes after this machine's clock")
        .contains("limits.max-clock-skew"));
  }

  @Test
  void costsMustBeNonNegativeBoundedPlainDecimals() {
    List<String> problems = new java.util.ArrayList<>();
    validator.cost(new BigDecimal("0.1230000000000"), "costUsd", problems); // 9 places once normalised
    validator.cost(new BigDecimal("12E+1"), "costUsd", problems);
    assertThat(problems).isEmpty();
    validator.cost(new BigDecimal("-0.01"), "costUsd", problems);
    validator.cost(new BigDecimal("1000.5"), "costUsd", problems);
    validator.cost(new BigDecimal("1E-999999999"), "costUsd", problems);
    assertThat(problems).satisfiesExactly(
        p -> assertThat(p).isEqualTo("costUsd must not be negative, was -0.01"),
        p -> assertThat(p).contains("exceeds the limit of 1000 USD per request (limits.max-cost-usd)"),
        p -> assertThat(p).startsWith("costUsd must be a plain decimal"));
  }

  @Test
  void eventsTooOldAreRefusedWithTheKeyToRaise() {
    assertThat(validator.check(usage(tokens(1, 1, 0, 0, 0, 0, 0), null, NOW.minus(Duration.ofDays(3651)), 0)))
        .singleElement().asString().contains("more than 3650 days before this machine's clock").contains("limits.max-event-age");
  }
}
