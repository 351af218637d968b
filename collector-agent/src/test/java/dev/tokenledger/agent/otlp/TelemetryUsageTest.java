package dev.tokenledger.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TelemetryUsageTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-07T13:00:00Z"), ZoneOffset.UTC);
  static final UsageValidator VALIDATOR = new UsageValidator(UsageLimits.DEFAULTS, CLOCK);
  final TelemetryUsage all = new TelemetryUsage(Set.of("claude_code", "gemini_cli", "codex"), VALIDATOR);

  static TelemetryRecord apiRequest() throws Exception {
    return OtlpLogsDecoder.json(OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8)).get(1);
  }

  static TelemetryRecord with(TelemetryRecord r, Map<String, Object> changes) {
    Map<String, Object> a = new HashMap<>(r.attributes());
    changes.forEach((k, v) -> {
      if (v == null) {
        a.remove(k);
      } else {
        a.put(k, v);
      }
    });
    return new TelemetryRecord(r.resource(), a, r.timeUnixNano(), r.observedTimeUnixNano(), r.body());
  }

  @Test
  void claudeApiRequestBecomesAnExactClaudeCodeUsage() throws Exception {
    TelemetryUsage.Outcome o = all.map(apiRequest());
    assertThat(o.kind()).isEqualTo(TelemetryUsage.Kind.USAGE);
    ParsedUsage u = o.usage();
    assertThat(u.source()).isEqualTo(SourceTool.CLAUDE_CODE);
    assertThat(u.model()).isEqualTo("claude-opus-4-6");
    assertThat(u.provider()).isEqualTo("anthropic");
    assertThat(u.eventTime()).isEqualTo(Instant.parse("2025-12-07T12:00:03.480Z"));
    assertThat(u.sessionId()).isEqualTo("7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b");
    assertThat(u.requestId()).isEqualTo("req_011CY4TRkatjpLrxzHVkeupQ");
    assertThat(u.dedupKey()).isEqualTo("claude-code|otel|req|req_011CY4TRkatjpLrxzHVkeupQ");
    assertThat(u.tokens().getInput()).isEqualTo(3);
    assertThat(u.tokens().getOutput()).isEqualTo(299);
    assertThat(u.tokens().getCacheRead()).isEqualTo(29509);
    assertThat(u.tokens().getCacheWrite5m()).isEqualTo(5601);
    assertThat(u.accuracy()).isEqualTo(Accuracy.EXACT);
    assertThat(u.reportedCostUsd()).isEqualByComparingTo("0.054689"); // cost_usd_micros wins over the double
    assertThat(u.sourceVersion()).isEqualTo("2.1.222");
    assertThat(u.speed()).isEqualTo("standard");
    assertThat(u.agentRole()).isEqualTo("repl_main_thread");
    assertThat(o.identity()).isEqualTo(new TelemetryIdentity(
        "3b9a2f1c6d4e8a7b5c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b", "ada@example.com",
        "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "platform", "eng-123", null));
    assertThat(o.identity().centralUserId()).isEqualTo("ada@example.com");
  }

  @Test
  void costUsdAloneIsKeptAsItsShortestDecimal() throws Exception {
    ParsedUsage u = all.map(with(apiRequest(), Map.of("cost_usd_micros", "x"))).usage();
    assertThat(u).isNull(); // a malformed micros value is a problem, not silently replaced
    Map<String, Object> noMicros = new HashMap<>();
    noMicros.put("cost_usd_micros", null);
    u = all.map(with(apiRequest(), noMicros)).usage();
    assertThat(u.reportedCostUsd()).isEqualTo(new BigDecimal("0.0546885"));
  }

  @Test
  void withoutRequestIdTheKeyComesFromSessionSequenceAndCounts() throws Exception {
    Map<String, Object> noId = new HashMap<>();
    noId.put("request_id", null);
    ParsedUsage u = all.map(with(apiRequest(), noId)).usage();
    assertThat(u.requestId()).isNull();
    assertThat(u.dedupKey()).startsWith("claude-code|otel|7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b|").contains("|2|");
    assertThat(all.map(with(apiRequest(), noId)).usage().dedupKey()).isEqualTo(u.dedupKey()); // a retry maps alike
  }

  @Test
  void otherEventsAreIgnoredNotRefused() throws Exception {
    List<TelemetryRecord> rs = OtlpLogsDecoder.json(OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8));
    assertThat(all.map(rs.get(0)).kind()).isEqualTo(TelemetryUsage.Kind.IGNORED);
    assertThat(all.map(rs.get(2)).kind()).isEqualTo(TelemetryUsage.Kind.IGNORED);
    assertThat(new TelemetryUsage(Set.of(), VALIDATOR).map(rs.get(1)).kind()).isEqualTo(TelemetryUsage.Kind.IGNORED);
  }

  @Test
  void badValuesAreRefusedWithEveryProblem() throws Exception {
    TelemetryUsage.Outcome o = all.map(with(apiRequest(), Map.of("input_tokens", -4L, "output_tokens", "lots",
        "cache_read_tokens", 50_000_000L)));
    assertThat(o.kind()).isEqualTo(TelemetryUsage.Kind.REJECTED);
    assertThat(o.problems()).hasSize(3).anyMatch(p -> p.contains("input_tokens") && p.contains("negative"))
        .anyMatch(p -> p.contains("output_tokens") && p.contains("whole number"))
        .anyMatch(p -> p.contains("cache_read_tokens"));
    Map<String, Object> noModel = new HashMap<>();
    noModel.put("model", null);
    assertThat(all.map(with(apiRequest(), noModel)).problems()).containsExactly("attribute 'model' is missing");
    assertThat(all.map(with(apiRequest(), Map.of("event.timestamp", "2026-12-07T12:00:00Z"))).problems())
        .singleElement().asString().contains("event time");
  }

  @Test
  void tokenCountsMayArriveAsDoublesOrStrings() throws Exception {
    ParsedUsage u = all.map(with(apiRequest(), Map.of("input_tokens", 3.0, "output_tokens", "299"))).usage();
    assertThat(u.tokens().getInput()).isEqualTo(3);
    assertThat(u.tokens().getOutput()).isEqualTo(299);
    assertThat(all.map(with(apiRequest(), Map.of("input_tokens", 3.5))).kind()).isEqualTo(TelemetryUsage.Kind.REJECTED);
  }

  @Test
  void geminiApiResponseSplitsCachedInputAndAddsThoughtsToOutput() {
    TelemetryRecord r = new TelemetryRecord(Map.of("service.name", "gemini-cli"), Map.of("event.name",
        "gemini_cli.api_response", "event.timestamp", "2025-12-07T12:10:00Z", "session.id", "g-1", "prompt_id", "p-1",
        "model", "gemini-2.5-pro", "input_token_count", 12000L, "cached_content_token_count", 8000L,
        "output_token_count", 350L, "thoughts_token_count", 420L), 0, 0, null);
    ParsedUsage u = all.map(r).usage();
    assertThat(u.source()).isEqualTo(SourceTool.GEMINI_CLI);
    assertThat(u.tokens().getInput()).isEqualTo(4000);
    assertThat(u.tokens().getCacheRead()).isEqualTo(8000);
    assertThat(u.tokens().getOutput()).isEqualTo(770);
    assertThat(u.tokens().getReasoning()).isEqualTo(420);
    assertThat(new TelemetryUsage(Set.of("claude_code"), VALIDATOR).map(r).kind()).isEqualTo(TelemetryUsage.Kind.IGNORED);
  }

  @Test
  void codexCompletedResponseCarriesItsCounts() {
    Map<String, Object> a = new HashMap<>(Map.of("event.name", "codex.sse_event", "event.kind", "response.completed",
        "event.timestamp", "2025-12-07T12:20:00Z", "conversation.id", "c-1", "model", "gpt-5.1",
        "input_token_count", 100L, "cached_token_count", 40L, "output_token_count", 10L, "reasoning_token_count", 5L));
    ParsedUsage u = all.map(new TelemetryRecord(Map.of(), a, 0, 0, null)).usage();
    assertThat(u.source()).isEqualTo(SourceTool.CODEX_CLI);
    assertThat(u.tokens().getInput()).isEqualTo(60);
    assertThat(u.tokens().getCacheRead()).isEqualTo(40);
    assertThat(u.tokens().getOutput()).isEqualTo(10);
    a.put("event.kind", "response.output_text.delta");
    assertThat(all.map(new TelemetryRecord(Map.of(), a, 0, 0, null)).kind()).isEqualTo(TelemetryUsage.Kind.IGNORED);
  }

  @Test
  void theRecordTimeIsUsedWithoutEventTimestamp() throws Exception {
    Map<String, Object> noTs = new HashMap<>();
    noTs.put("event.timestamp", null);
    assertThat(all.map(with(apiRequest(), noTs)).usage().eventTime()).isEqualTo(Instant.parse("2025-12-07T12:00:03.480Z"));
  }
}
