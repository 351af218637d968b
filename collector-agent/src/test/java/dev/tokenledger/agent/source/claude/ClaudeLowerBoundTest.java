package dev.tokenledger.agent.source.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The LOWER_BOUND label (ADR 0145): a response none of whose copies carries a stop reason, and whose
 * text and thinking imply more output tokens (characters / 4) than its best copy records.
 */
class ClaudeLowerBoundTest {

  private static final Clock LATER = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final ClaudeCodeSource source = new ClaudeCodeSource(LATER, Duration.ofMinutes(5));

  private Map<String, ParsedUsage> byMessage(Path file) throws IOException {
    CollectingSink sink = new CollectingSink();
    source.parserFor(file).read(file, dev.tokenledger.agent.source.FileCursor.START, sink);
    return sink.usages.stream().collect(Collectors.toMap(ParsedUsage::messageId, u -> u));
  }

  @Test
  void onlyResponsesWithoutAStopReasonWhoseContentOutgrowsTheirCountAreLowerBounds() throws IOException {
    Map<String, ParsedUsage> u = byMessage(Fixtures.path("claude-code-lower-bound/SYNTHETIC-lower-bound-copies.jsonl"));

    assertThat(u.get("msg_lb_A").accuracy()).isEqualTo(Accuracy.LOWER_BOUND);   // 2 000 chars, 3 tokens, no stop reason
    assertThat(u.get("msg_lb_A").tokens().getOutput()).isEqualTo(3);           // the count stays what the log says
    assertThat(u.get("msg_lb_B").accuracy()).isEqualTo(Accuracy.EXACT);        // the final copy was written
    assertThat(u.get("msg_lb_B").tokens().getOutput()).isEqualTo(512);
    assertThat(u.get("msg_lb_C").accuracy()).isEqualTo(Accuracy.EXACT);        // content consistent with the count
    assertThat(u.get("msg_lb_D").accuracy()).isEqualTo(Accuracy.LOWER_BOUND);  // thinking is content too
  }

  @Test
  void aRealClaudeCode1098TranscriptHasOneResponseWhoseFinalUsageWasNeverWritten() throws IOException {
    // ccviewer 1.0.98 (REAL): msg_01RaR4 has two copies (a text block, then a Write tool call of a whole file), both
    // with stop_reason null and output_tokens 1; every other response has a copy with its stop reason
    Map<String, ParsedUsage> u = byMessage(Fixtures.path("claude-code/ccviewer-v1.0.98-1af7fc5e.jsonl"));

    assertThat(u.get("msg_01RaR4giiko9W2SCE3aCLQjb").accuracy()).isEqualTo(Accuracy.LOWER_BOUND);
    assertThat(u.values()).filteredOn(p -> p.accuracy() == Accuracy.LOWER_BOUND).hasSize(1);
    assertThat(u).hasSize(7);
  }
}
