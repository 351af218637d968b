package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UsageReportTest {

  final Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06.789Z"), ZoneOffset.UTC);

  @Test
  void theSeedsLogCallBecomesAnApiUsage() {
    UsageReport.Result r = UsageReport.parse("""
        {"agent":"ATLAS","model":"claude-sonnet-4-5","inputTokens":50000,"outputTokens":15000,
         "notes":"Built TokenTracker v1.0","sessionId":"s-9","requestId":"req-1","cacheReadTokens":7}""", clock);
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
    ParsedUsage a = UsageReport.parse(body, clock).usage();
    ParsedUsage b = UsageReport.parse(body, clock).usage();
    assertThat(a.dedupKey()).isNotEqualTo(b.dedupKey());
    assertThat(a.provider()).isEqualTo("openai");
    assertThat(a.sessionId()).isEqualTo("manual");
  }

  @Test
  void everyProblemIsListed() {
    UsageReport.Result r = UsageReport.parse("""
        {"model":"","inputTokens":-1,"outputTokens":1.5,"timestamp":"yesterday","tokens":3,"accuracy":"ROUGH"}""", clock);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).hasSize(6)
        .anyMatch(p -> p.contains("unknown field 'tokens'"))
        .anyMatch(p -> p.contains("'model' must not be blank"))
        .anyMatch(p -> p.contains("'inputTokens' must be a non-negative whole number"))
        .anyMatch(p -> p.contains("'outputTokens' must be a non-negative whole number"))
        .anyMatch(p -> p.contains("timestamp must be ISO-8601"))
        .anyMatch(p -> p.contains("accuracy must be EXACT or ESTIMATED"));
  }

  @Test
  void notJsonOrNotAnObject() {
    assertThat(UsageReport.parse("{\"model\":", clock).problems()).singleElement().asString().startsWith("body is not valid JSON");
    assertThat(UsageReport.parse("[1,2]", clock).problems()).containsExactly("body must be a JSON object");
  }
}
