package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UsageReportTest {

  final Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06.789Z"), ZoneOffset.UTC);
  final UsageValidator limits = new UsageValidator(UsageLimits.DEFAULTS, clock);

  @Test
  void theSeedsLogCallBecomesAnApiUsage() {
    UsageReport.Result r = UsageReport.parse("""
        {"agent":"ATLAS","model":"claude-sonnet-4-5","inputTokens":50000,"outputTokens":15000,
         "notes":"Built TokenTracker v1.0","sessionId":"s-9","requestId":"req-1","cacheReadTokens":7}""", limits);
    assertThat(r.problems()).isEmpty();
    ParsedUsage u = r.usage();
    assertThat(u.source()).isEqualTo(SourceTool.API);
    assertThat(u.agentName()).isEqualTo("ATLAS");
    assertThat(u.provider()).isEqualTo("anthropic");
    assertThat(u.tokens().getInput()).isEqualTo(50000);
    assertThat(u.tokens().getOutput()).isEqualTo(15000);
    assertThat(u.tokens().getCacheRead()).isEqualTo(7);
    assertThat(u.eventTime()).isEqualTo(Instant.parse("2026-02-03T04:05:06.789Z"));
    assertThat(u.sessionId()).isEqualTo("s-9");
    assertThat(u.notes()).isEqualTo("Built TokenTracker v1.0");
    assertThat(u.accuracy()).isEqualTo(Accuracy.ESTIMATED);
    assertThat(u.dedupKey()).isEqualTo("api:req-1");
  }

  @Test
  void withoutARequestIdEveryReportIsANewRequest() {
    String body = "{\"model\":\"gpt-5\",\"inputTokens\":1,\"outputTokens\":2}";
    ParsedUsage a = UsageReport.parse(body, limits).usage();
    ParsedUsage b = UsageReport.parse(body, limits).usage();
    assertThat(a.dedupKey()).isNotEqualTo(b.dedupKey());
    assertThat(a.provider()).isEqualTo("openai");
    assertThat(a.sessionId()).isEqualTo("manual");
  }

  @Test
  void everyProblemIsListed() {
    UsageReport.Result r = UsageReport.parse("""
        {"model":"","inputTokens":-1,"outputTokens":1.5,"timestamp":"yesterday","tokens":3,"accuracy":"ROUGH"}""", limits);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).hasSize(6)
        .anyMatch(p -> p.contains("unknown field 'tokens'"))
        .anyMatch(p -> p.contains("'model' must not be blank"))
        .anyMatch(p -> p.contains("'inputTokens' must not be negative, was -1"))
        .anyMatch(p -> p.contains("'outputTokens' must be a whole number, was 1.5"))
        .anyMatch(p -> p.contains("timestamp must be ISO-8601"))
        .anyMatch(p -> p.contains("accuracy must be EXACT or ESTIMATED"));
  }

  @Test
  void notJsonOrNotAnObject() {
    assertThat(UsageReport.parse("{\"model\":", limits).problems()).singleElement().asString().startsWith("body is not valid JSON");
    assertThat(UsageReport.parse("[1,2]", limits).problems()).containsExactly("body must be a JSON object");
    assertThat(UsageReport.parse("", limits).problems()).containsExactly("body is empty; send one JSON object");
    assertThat(UsageReport.parse("{} {}", limits).problems()).singleElement().asString().startsWith("body is not valid JSON");
  }

  @Test
  void anAbsurdExponentInTheCostIsAProblemNotAComputation() {
    // before: new BigDecimal("1e-999999999") was accepted and rescaled to 9 places on the intake thread
    // (the connection dropped without an answer); 1e999999999 likewise
    for (String cost : new String[] {"1e-999999999", "1e999999999", "\"1e-999999999\""}) {
      UsageReport.Result r = UsageReport.parse("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":" + cost + "}", limits);
      assertThat(r.ok()).as(cost).isFalse();
      assertThat(r.problems()).as(cost).singleElement().asString().startsWith("costUsd must be a");
    }
  }

  @Test
  void costsArePlainBoundedDecimalsOfAtMostNineDecimalPlaces() {
    assertThat(UsageReport.parse(report("\"costUsd\":0.123456789000"), limits).usage().reportedCostUsd())
        .isEqualByComparingTo("0.123456789");
    assertThat(UsageReport.parse(report("\"costUsd\":\"12.5\""), limits).usage().reportedCostUsd())
        .isEqualByComparingTo("12.5");
    assertThat(UsageReport.parse(report("\"costUsd\":1e-5"), limits).usage().reportedCostUsd())
        .isEqualByComparingTo(new BigDecimal("0.00001"));
    assertThat(UsageReport.parse(report("\"costUsd\":0.1234567891"), limits).problems())
        .singleElement().asString().contains("more than 9 decimal places");
    assertThat(UsageReport.parse(report("\"costUsd\":-0.5"), limits).problems())
        .singleElement().asString().contains("must not be negative");
    assertThat(UsageReport.parse(report("\"costUsd\":5000000"), limits).problems())
        .singleElement().asString().contains("limits.max-cost-usd");
    assertThat(UsageReport.parse(report("\"costUsd\":\"NaN\""), limits).problems())
        .singleElement().asString().contains("must be a decimal number");
    assertThat(UsageReport.parse(report("\"costUsd\":[1]"), limits).problems())
        .singleElement().asString().contains("must be a decimal number, not an array");
  }

  static String report(String extra) {
    return "{\"model\":\"claude-sonnet-4-5\",\"inputTokens\":10,\"outputTokens\":5," + extra + "}";
  }

  @Test
  void tokenCountsAreBoundedPerClass() {
    // before: inputTokens 10^12 (a forged multi-million-dollar chargeback) was accepted
    UsageReport.Result r = UsageReport.parse("""
        {"model":"claude-sonnet-4-5","inputTokens":1000000000000,"outputTokens":1000001,"cacheReadTokens":10000001,
         "cacheWriteTokens":10000001,"cacheWrite1hTokens":99999999999,"reasoningTokens":5}""", limits);
    assertThat(r.problems()).hasSize(5)
        .anyMatch(p -> p.contains("'inputTokens' (1000000000000) exceed the limit of 10000000 per request (limits.max-input-tokens)"))
        .anyMatch(p -> p.contains("'outputTokens'") && p.contains("limits.max-output-tokens"))
        .anyMatch(p -> p.contains("'cacheReadTokens'") && p.contains("limits.max-cache-read-tokens"))
        .anyMatch(p -> p.contains("'cacheWriteTokens'") && p.contains("limits.max-cache-write-tokens"))
        .anyMatch(p -> p.contains("'cacheWrite1hTokens'") && p.contains("limits.max-cache-write-tokens"));
    UsageValidator tight = new UsageValidator(new UsageLimits(100, 100, 100, 10, BigDecimal.ONE,
        java.time.Duration.ofMinutes(15), java.time.Duration.ofDays(400)), clock);
    assertThat(UsageReport.parse(report("\"reasoningTokens\":3"), tight).ok()).isTrue();
    assertThat(UsageReport.parse(report("\"cacheReadTokens\":101"), tight).problems()).singleElement().asString()
        .contains("limit of 100");
  }

  @Test
  void wrongTypesAreNamed() {
    UsageReport.Result r = UsageReport.parse("""
        {"model":42,"inputTokens":"12","outputTokens":true,"cacheReadTokens":{"n":1},"sessionId":["a"],
         "reasoningTokens":99999999999999999999999,"timestamp":17}""", limits);
    assertThat(r.problems()).containsExactlyInAnyOrder(
        "'model' must be a string",
        "'inputTokens' must be a number, not a string",
        "'outputTokens' must be a number, not a boolean",
        "'cacheReadTokens' must be a number, not an object",
        "'sessionId' must be a string",
        "'reasoningTokens' is too large, was 99999999999999999999999",
        "'timestamp' must be a string");
  }

  @Test
  void timestampsMustBeWithinTheClockSkewAndTheAge() {
    assertThat(UsageReport.parse(report("\"timestamp\":\"2026-02-03T04:20:00Z\""), limits).ok()).isTrue();
    assertThat(UsageReport.parse(report("\"timestamp\":\"2026-02-03T04:25:00Z\""), limits).problems())
        .singleElement().asString().contains("after this machine's clock").contains("limits.max-clock-skew");
    assertThat(UsageReport.parse(report("\"timestamp\":\"2015-12-01T00:00:00Z\""), limits).problems())
        .singleElement().asString().contains("limits.max-event-age");
    assertThat(UsageReport.parse(report("\"timestamp\":\"+999999999-01-01T00:00:00Z\""), limits).problems())
        .singleElement().asString().contains("limits.max-clock-skew");
  }

  @Test
  void duplicateKeysDeepNestingAndBadUtf8AreRefusedPlainly() {
    assertThat(UsageReport.parse("{\"model\":\"m\",\"inputTokens\":1,\"inputTokens\":1000000,\"outputTokens\":1}", limits)
        .problems()).singleElement().asString().isEqualTo("body names a field twice ('inputTokens'); each field may appear once");
    String deep = "{\"notes\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThat(UsageReport.parse(deep, limits).problems()).containsExactly("body is nested more than 16 levels deep");
    byte[] latin1 = "{\"model\":\"caf\u00e9\",\"inputTokens\":1,\"outputTokens\":1}".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(UsageReport.parse(latin1, limits).problems()).singleElement().asString().startsWith("body is not valid UTF-8");
    assertThat(UsageReport.parse(report("\"costUsd\":" + "1".repeat(100)), limits).problems())
        .containsExactly("body has a number longer than 64 characters");
  }

  @Test
  void urlShapedOrRemoteValuesAreNotLocalAttribution() {
    assertThat(UsageReport.parse(report("\"workingDirectory\":\"https://me:tok@host/o/r\""), limits).problems())
        .singleElement().asString().startsWith("workingDirectory must be an absolute path");
    assertThat(UsageReport.parse(report("\"workingDirectory\":\"relative/dir\""), limits).ok()).isFalse();
    assertThat(UsageReport.parse(report("\"gitBranch\":\"https://x:y@z/w\""), limits).ok()).isFalse();
    assertThat(UsageReport.parse(report("\"gitCommit\":\"not a hash\""), limits).ok()).isFalse();
    UsageReport.Result ok = UsageReport.parse(report(
        "\"workingDirectory\":\"/home/me/repo\",\"gitBranch\":\"feature/x-1\",\"gitCommit\":\"0123abc\""), limits);
    assertThat(ok.problems()).isEmpty();
  }
}
