package dev.tokenledger.agent.source.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.Totals;
import dev.tokenledger.events.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact totals on the shared Claude Code fixtures, derived by hand from the files (line numbers are
 * 0-based). The clock is far after every fixture's modification time, so every file is "at rest" and
 * the last response of each file is emitted in the same read.
 *
 * <p>Notation of the expected totals: {@code n} requests, {@code in} uncached input, {@code out}
 * output, {@code w5}/{@code w1} 5-minute/1-hour cache writes, {@code cr} cache reads, {@code rs}
 * thinking tokens (subset of out), {@code tl} tool-prompt tokens (Gemini only).
 */
class ClaudeCodeParserTest {

  private static final Clock LATER = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final ClaudeCodeSource source = new ClaudeCodeSource(LATER, Duration.ofMinutes(5));

  private CollectingSink readAll(String fixture) throws IOException {
    Path file = Fixtures.path("claude-code/" + fixture);
    CollectingSink sink = new CollectingSink();
    FileCursor cursor = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(cursor.parserState()).as("nothing pending on a file at rest").isEmpty();
    return sink;
  }

  /**
   * ccviewer 1.0.98 (REAL): 15 assistant lines with usage, 7 distinct message ids. Streaming copies
   * carry a partial output_tokens on early lines and the final one on the last line, so the copy
   * with the largest total (ties: later line) is kept:
   *
   * <pre>
   * msg_01TqDZ  lines 2,3       (in,out,cw5m,cr) (3,8,..)→(3,322,10816,4734)   keep line 3
   * msg_018mu4  lines 5..9      out 30,30,30,30,285                 keep line 9  (6,285,304,15550)
   * msg_01TRqe  lines 15..17    out 30,146,146 (tie → later)        keep line 17 (7,146,435,15854)
   * msg_01XP9v  line 21                                              (61,41,243,16289)
   * msg_01RaR4  lines 23,24     identical                            keep line 24 (5,1,425,16532)
   * msg_01PbR8  line 26                                              (6,86,346,16957)
   * msg_01EoAx  line 28                                              (5,72,129,17303)
   * in  = 3+6+7+61+5+6+5                         = 93
   * out = 322+285+146+41+1+86+72                 = 953   (keeping the FIRST copy would give 218)
   * w5  = 10816+304+435+243+425+346+129          = 12698 (cache_creation.ephemeral_5m; 1h = 0)
   * cr  = 4734+15550+15854+16289+16532+16957+17303 = 103219
   * </pre>
   * All on 2025-09-03, one model, one session (the file's). Tool calls are the union over the copies
   * of a response: msg_018mu4 = Bash + Glob×4.
   */
  @Test
  void ccviewer_v1_0_98_keeps_the_largest_streaming_copy() throws IOException {
    CollectingSink sink = readAll("ccviewer-v1.0.98-1af7fc5e.jsonl");
    String expected = "n=7 in=93 out=953 w5=12698 w1=0 cr=103219 rs=0 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("claude-sonnet-4-20250514", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2025-09-03", expected));
    assertThat(Totals.bySession(sink.usages))
        .isEqualTo(Map.of("1af7fc5e-8455-4414-9ccd-011d40f70b2a", expected));
    assertThat(sink.problems).isEmpty();

    ParsedUsage bash = sink.usages.stream()
        .filter(u -> u.messageId().equals("msg_018mu4atNCkxSiLt7VVQquTL")).findFirst().orElseThrow();
    assertThat(calls(bash.toolCalls())).isEqualTo(Map.of("Bash", 1, "Glob", 4));
    assertThat(bash.eventTime()).isEqualTo(Instant.parse("2025-09-03T00:47:29.789Z")); // line 9
    assertThat(bash.requestId()).isEqualTo("req_011CSkYbys3h16Qf2ezt44jA");
    assertThat(bash.sourceVersion()).isEqualTo("1.0.98");
    assertThat(bash.provider()).isEqualTo("anthropic");
    assertThat(bash.agentRole()).isEqualTo("main");
    assertThat(bash.sidechain()).isFalse();
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey).doesNotHaveDuplicates();
  }

  /**
   * The reading of a line straight from the reader's buffer (the scan finds an assistant line's newline;
   * a line of another type is read up to its type) gives what the fixture gives on its own when every line
   * is preceded by user and progress lines longer than the read buffer (each crosses refills and a buffer
   * growth), lines end in CRLF and LF by turns, the file starts with a long assistant line without usage,
   * and its last line has no newline (the file is at rest).
   */
  @Test
  void linesLongerThanTheReadBufferCrlfAndAnUnterminatedLastLineReadAsTheFixtureAlone(@TempDir Path dir) throws IOException {
    CollectingSink alone = readAll("ccviewer-v1.0.98-1af7fc5e.jsonl");
    List<String> lines = Files.readAllLines(Fixtures.path("claude-code/ccviewer-v1.0.98-1af7fc5e.jsonl"));
    String big = "x\\n\\\"quoted\\\" M\u00fcller \u6570\u636e ".repeat(60_000);   // ~1.9 MB
    StringBuilder text = new StringBuilder();
    text.append("{\"type\":\"assistant\",\"message\":{\"id\":\"msg_pad\",\"model\":\"claude-sonnet-4-20250514\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"").append(big).append("\"}]}}\r\n");
    for (int i = 0; i < lines.size(); i++) {
      String eol = i % 2 == 0 ? "\r\n" : "\n";
      if (i % 3 == 0) {
        text.append("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"").append(big)
            .append("\"},\"uuid\":\"pad-").append(i).append("\"}").append(eol);
      } else if (i % 3 == 1) {
        text.append("{\"type\":\"progress\",\"data\":{\"message\":{\"usage\":{\"output_tokens\":9}},\"text\":\"")
            .append(big).append("\"}}").append(eol);
      }
      text.append(lines.get(i)).append(i == lines.size() - 1 ? "" : eol);
    }
    Path file = dir.resolve("1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");
    Files.writeString(file, text);
    assertThat(Files.size(file)).isGreaterThan(20L << 20);
    CollectingSink padded = new CollectingSink();
    FileCursor cursor = source.parserFor(file).read(file, FileCursor.START, padded);

    assertThat(cursor.offset()).isEqualTo(Files.size(file));
    assertThat(padded.problems).isEmpty();
    assertThat(Totals.byModel(padded.usages)).isEqualTo(Totals.byModel(alone.usages));
    assertThat(padded.usages).extracting(ParsedUsage::dedupKey, ParsedUsage::eventTime, ParsedUsage::toolCalls)
        .containsExactlyElementsOf(alone.usages.stream()
            .map(u -> org.assertj.core.groups.Tuple.tuple(u.dedupKey(), u.eventTime(), u.toolCalls())).toList());
  }

  /**
   * spotter 2.1.38 (REAL): lines 4,5,6,7,9 are five copies of msg_01MKH1 with identical usage
   * (3, 13, cache_creation 13835 all ephemeral_1h, cr 11515) → one request, kept copy = line 9
   * (tie → later), tools Bash (line 7) + Glob (line 9). Lines 1,2,8 are {@code progress} lines
   * (hooks) and never count.
   */
  @Test
  void spotter_v2_1_38_one_request_with_1h_cache_writes() throws IOException {
    CollectingSink sink = readAll("spotter-v2.1.38-short.jsonl");
    String expected = "n=1 in=3 out=13 w5=0 w1=13835 cr=11515 rs=0 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("claude-opus-4-6", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-02-10", expected));
    assertThat(Totals.bySession(sink.usages))
        .isEqualTo(Map.of("55604662-cf2a-4331-851a-ec234028f8ca", expected));
    ParsedUsage u = sink.usages.get(0);
    assertThat(u.eventTime()).isEqualTo(Instant.parse("2026-02-10T21:12:01.669Z"));
    assertThat(calls(u.toolCalls())).isEqualTo(Map.of("Bash", 1, "Glob", 1));
    assertThat(u.gitBranch()).isEqualTo("master");
    assertThat(u.workingDirectory()).isEqualTo("/home/marco/projects/spotter");
    assertThat(u.serviceTier()).isEqualTo("standard");
  }

  /**
   * margin 2.1.233 (REAL): msg_011CeDqKn on lines 4,5,6 (identical: 10, 135, 1h 9907, cr 22820,
   * thinking 49) and msg_011CeDqM4 on lines 8,9 (8, 177, 1h 1914, cr 32727, thinking 107):
   * in 10+8=18, out 135+177=312, w1 9907+1914=11821, cr 22820+32727=55547, rs 49+107=156.
   * Lines 0,1 queue-operation, 3,10 last-prompt, 2,7 user are ignored.
   */
  @Test
  void margin_v2_1_233_newest_fields() throws IOException {
    CollectingSink sink = readAll("margin-v2.1.233-session-basic.jsonl");
    String expected = "n=2 in=18 out=312 w5=0 w1=11821 cr=55547 rs=156 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("claude-haiku-4-5-20251001", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-08-20", expected));
    assertThat(Totals.bySession(sink.usages))
        .isEqualTo(Map.of("9c42ba52-3bf1-449f-a040-8ee33284a1c8", expected));
    assertThat(sink.usages).allSatisfy(u -> {
      assertThat(u.speed()).isEqualTo("standard");
      assertThat(u.gitBranch()).as("HEAD (detached) is left to git lookup").isNull();
    });
    assertThat(calls(sink.usages.get(0).toolCalls())).isEqualTo(Map.of("Bash", 1));
  }

  /**
   * token-meter basic (FABRICATED): three single-copy responses on 2026-07-01.
   * sonnet-5: msg 0001 (12, 250, cc 2048, cr 0) + msg 0002 (8, 410, cc 512, cr 2048)
   *   = in 20, out 660, w5 2560, cr 2048 — both in session …aa;
   * opus-4-8: msg 0003 (25, 1330, cc 4096) in session …bb.
   * cache_creation_input_tokens without the 5m/1h breakdown count as 5-minute writes.
   */
  @Test
  void tokenmeter_basic_per_model_day_session() throws IOException {
    CollectingSink sink = readAll("FABRICATED-tokenmeter-session-basic.jsonl");
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of(
        "claude-sonnet-5", "n=2 in=20 out=660 w5=2560 w1=0 cr=2048 rs=0 tl=0",
        "claude-opus-4-8", "n=1 in=25 out=1330 w5=4096 w1=0 cr=0 rs=0 tl=0"));
    assertThat(Totals.byDay(sink.usages))
        .isEqualTo(Map.of("2026-07-01", "n=3 in=45 out=1990 w5=6656 w1=0 cr=2048 rs=0 tl=0"));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of(
        "00000000-0000-4000-8000-0000000000aa", "n=2 in=20 out=660 w5=2560 w1=0 cr=2048 rs=0 tl=0",
        "00000000-0000-4000-8000-0000000000bb", "n=1 in=25 out=1330 w5=4096 w1=0 cr=0 rs=0 tl=0"));
  }

  /**
   * token-meter cache tiers (FABRICATED), all claude-opus-5 on 2026-08-01:
   * <pre>
   * 0100: in 40, out 500, cc 1,000,000 = 5m 250,000 + 1h 750,000, cr 2,000,000
   * 0101: in 10, out 120, cc 0, cr 1,000, web_search 3, web_fetch 2
   * 0102: in 5, out 60, cc 80,000 (no breakdown → 5m), cr 0
   * 0103: in 7, out 90, cache_creation_input_tokens ABSENT, breakdown 5m 4,000 + 1h 6,000
   * in 62, out 770, w5 250000+80000+4000 = 334000, w1 750000+6000 = 756000, cr 2001000
   * </pre>
   */
  @Test
  void tokenmeter_cache_tiers_split_5m_and_1h() throws IOException {
    CollectingSink sink = readAll("FABRICATED-tokenmeter-session-cache-tiers.jsonl");
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of(
        "claude-opus-5", "n=4 in=62 out=770 w5=334000 w1=756000 cr=2001000 rs=0 tl=0"));
    assertThat(Totals.byDay(sink.usages)).containsOnlyKeys("2026-08-01");
    ParsedUsage web = sink.usages.stream().filter(u -> u.messageId().equals("msg_fixture_0101"))
        .findFirst().orElseThrow();
    assertThat(web.webSearchRequests()).isEqualTo(3);
    assertThat(web.webFetchRequests()).isEqualTo(2);
  }

  /**
   * token-meter edge cases (FABRICATED): line 0 msg 0010 (10, 55, cc 100); line 1 not JSON →
   * one MALFORMED_RECORD problem; line 2 an assistant line with no usage (not billed, and since it
   * has no usage object it is rejected before parsing); line 3 repeats msg 0010 → same request;
   * line 4 is a truncated last line without newline → not consumed, not counted.
   */
  @Test
  void tokenmeter_edge_cases() throws IOException {
    Path file = Fixtures.path("claude-code/FABRICATED-tokenmeter-session-edge-cases.jsonl");
    CollectingSink sink = new CollectingSink();
    FileCursor cursor = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(Totals.all(sink.usages)).isEqualTo("n=1 in=10 out=55 w5=100 w1=0 cr=0 rs=0 tl=0");
    assertThat(sink.problems).extracting(ParseProblem::kind)
        .containsExactly(ParseProblem.Kind.MALFORMED_RECORD);
    assertThat(sink.problems.get(0).excerpt()).doesNotContain("not valid JSON");
    assertThat(cursor.offset()).as("the truncated last line stays unread").isLessThan(file.toFile().length());
  }

  /**
   * ccviewer agent-test-hash-123 (HAND-MADE 2.0.x sub-agent file, originally
   * {@code projects/sample-project/agent-test-hash-123.jsonl}; restored under that name here): one
   * sidechain request msg_test (100, 10); the line's sessionId is the parent's.
   */
  @Test
  void agent_file_of_2_0_is_a_sidechain_of_its_parent_session(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent-test-hash-123.jsonl");
    Files.copy(Fixtures.path("claude-code/ccviewer-agent-test-hash-123.jsonl"), file);
    CollectingSink sink = new CollectingSink();
    source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(Totals.all(sink.usages)).isEqualTo("n=1 in=100 out=10 w5=0 w1=0 cr=0 rs=0 tl=0");
    ParsedUsage u = sink.usages.get(0);
    assertThat(u.sidechain()).isTrue();
    assertThat(u.agentName()).isEqualTo("test-hash-123");
    assertThat(u.agentRole()).isEqualTo("subagent");
    assertThat(u.sessionId()).isEqualTo("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
    assertThat(u.parentSessionId()).isEqualTo("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
    assertThat(u.gitBranch()).as("empty branch").isNull();
  }

  /** The SYNTHETIC sub-agent layout has assistant lines but no usage at all: nothing is billed. */
  @Test
  void synthetic_subagent_layout_without_usage_bills_nothing() throws IOException {
    assertThat(readAll("SYNTHETIC-agentsessions-subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl").usages)
        .isEmpty();
    assertThat(readAll("SYNTHETIC-agentsessions-subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/"
        + "agent-a0ad4f44468bdf20d.jsonl").usages).isEmpty();
  }

  static Map<String, Integer> calls(List<ToolCall> calls) {
    return calls.stream().collect(Collectors.toMap(c -> c.getName().toString(), ToolCall::getCount));
  }
}
