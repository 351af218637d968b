package dev.tokenledger.agent.source.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.schemas.testing.MutableClock;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.Totals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini CLI: exact totals on the shared (SYNTHETIC-SHAPE) fixtures, derived by hand, and the traps
 * of docs/log-formats.md §3. Mapping: {@code in} = input − cached (+ tool when the total shows tool is
 * separate), {@code cr} = cached, {@code out} = output + thoughts, {@code rs} = thoughts,
 * {@code tl} = tool.
 */
class GeminiParserTest {

  private static final Instant FILE_TIME = Instant.parse("2026-09-01T12:00:00Z");
  private static final Duration QUIET = Duration.ofMinutes(5);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2100-01-01T00:00:00Z"));
  private final GeminiSource source = new GeminiSource(clock, QUIET);

  private CollectingSink read(Path file) throws IOException {
    CollectingSink sink = new CollectingSink();
    source.parserFor(file).read(file, FileCursor.START, sink);
    return sink;
  }

  /**
   * agent-sessions 0.40 JSONL: g-assistant-1 (input 11855, output 81, cached 0, total 11936) and
   * g-assistant-2 (input 12069, output 147, cached 11502, total 12216):
   * in 11855 + (12069−11502 = 567) = 12422, out 81+147 = 228, cr 11502. g-user-1 and $set ignored.
   */
  @Test
  void agentsessions_jsonl_v040() throws IOException {
    CollectingSink sink = read(Fixtures.path("gemini/SYNTHETIC-agentsessions-jsonl_v040.jsonl"));
    String expected = "n=2 in=12422 out=228 w5=0 w1=0 cr=11502 rs=0 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gemini-3-flash-preview", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-04-29", expected));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("gemini_stage0_jsonl", expected));
    assertThat(sink.usages.get(0).toolCalls()).extracting(c -> c.getName().toString()).containsExactly("run_shell_command");
    assertThat(sink.usages).extracting(ParsedUsage::provider).containsOnly("google");
    assertThat(sink.usages.toString()).doesNotContain("AgentSessions/").doesNotContain("ls -F");
  }

  /**
   * toktrack JSONL: m2 gemini-2.5-pro (100, out 50, cached 20, thoughts 30, tool 10, total 190 =
   * 100+50+30+10 so tool is separate) → in 100−20+10 = 90, cr 20, out 80, rs 30, tl 10;
   * m3 is an error message (not billed) and {@code $rewindTo m3} does not remove anything billed;
   * m4 gemini-2.5-flash (250, 150, cached 50, thoughts 100, total 500) → in 200, cr 50, out 250, rs 100.
   */
  @Test
  void toktrack_jsonl_with_rewind_and_model_switch() throws IOException {
    CollectingSink sink = read(Fixtures.path("gemini/SYNTHETIC-toktrack-tmp_jsonl/chats/session-2026-04-20T10-00-00-abc12345.jsonl"));
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of(
        "gemini-2.5-pro", "n=1 in=90 out=80 w5=0 w1=0 cr=20 rs=30 tl=10",
        "gemini-2.5-flash", "n=1 in=200 out=250 w5=0 w1=0 cr=50 rs=100 tl=0"));
    String all = "n=2 in=290 out=330 w5=0 w1=0 cr=70 rs=130 tl=10";
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-04-20", all));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("abc12345-9999-4d2e-8a1f-000000000001", all));
    assertThat(sink.usages).extracting(ParsedUsage::workingDirectory).containsOnly("/tmp/project");
    assertThat(sink.problems).isEmpty();
  }

  /** agent-sessions legacy .json: one gemini message m2 (10, 5) → in 10, out 5. */
  @Test
  void agentsessions_legacy_json() throws IOException {
    CollectingSink sink = read(Fixtures.path("gemini/SYNTHETIC-agentsessions-legacy-small.json"));
    String expected = "n=1 in=10 out=5 w5=0 w1=0 cr=0 rs=0 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gemini-3-flash-preview", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-01-16", expected));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("session-2026-01-16T18-34-3739ef95", expected));
  }

  /**
   * toktrack legacy with a session-level model only (gemini-2.5-pro): msg-002 (100, 50, cached 20,
   * thoughts 30; no total, no tool) → in 80, cr 20, out 80, rs 30; msg-004 (250, 150, 50, 100) →
   * in 200, cr 50, out 250, rs 100; msg-001 user, msg-003 error, msg-005 info not billed.
   */
  @Test
  void toktrack_legacy_session_model() throws IOException {
    CollectingSink sink = read(Fixtures.path("gemini/SYNTHETIC-toktrack-legacy/tmp123/chats/session-abc123.json"));
    String expected = "n=2 in=280 out=330 w5=0 w1=0 cr=70 rs=130 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gemini-2.5-pro", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-01-15", expected));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("abc123", expected));
  }

  /**
   * toktrack legacy with per-message models: msg-002 gemini-2.5-pro (500, 100) → in 500, out 100;
   * msg-003 gemini-2.5-flash (200, 50, cached 10, thoughts 20) → in 190, cr 10, out 70, rs 20.
   */
  @Test
  void toktrack_legacy_message_models() throws IOException {
    CollectingSink sink = read(Fixtures.path("gemini/SYNTHETIC-toktrack-legacy/tmp456/chats/session-no-session-model.json"));
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of(
        "gemini-2.5-pro", "n=1 in=500 out=100 w5=0 w1=0 cr=0 rs=0 tl=0",
        "gemini-2.5-flash", "n=1 in=190 out=70 w5=0 w1=0 cr=10 rs=20 tl=0"));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-01-28", "n=2 in=690 out=170 w5=0 w1=0 cr=10 rs=20 tl=0"));
    assertThat(Totals.bySession(sink.usages)).containsOnlyKeys("no-session-model");
  }

  // ------------------------------------------------------------------ traps and incremental

  static String meta(String session) {
    return "{\"sessionId\":\"" + session + "\",\"projectHash\":\"ab\",\"startTime\":\"2026-09-01T10:00:00Z\",\"lastUpdated\":\"2026-09-01T10:00:00Z\",\"kind\":\"main\"}\n";
  }

  static String gemini(String id, String ts, String tokens) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"type\":\"gemini\",\"content\":\"private reply\",\"model\":\"gemini-2.5-pro\""
        + (tokens == null ? "" : ",\"tokens\":" + tokens) + "}\n";
  }

  static String tokens(long in, long out) {
    return "{\"input\":" + in + ",\"output\":" + out + ",\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":" + (in + out) + "}";
  }

  private Path write(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, String.join("", lines), StandardCharsets.UTF_8);
    Fixtures.touch(f, FILE_TIME);
    return f;
  }

  @Test
  void re_appended_message_last_version_wins_and_rewound_messages_count() throws IOException {
    Path f = write("t/chats/session-x.jsonl",
        meta("S"),
        gemini("a", "2026-09-01T10:00:01Z", null),                  // pushed without tokens
        gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)),       // tokens attached
        gemini("a", "2026-09-01T10:00:01Z", tokens(100, 25)),       // updated again
        "{\"$set\":{\"lastUpdated\":\"2026-09-01T10:00:02Z\"}}\n",
        gemini("b", "2026-09-01T10:00:05Z", tokens(200, 20)),
        "{\"$rewindTo\":\"b\"}\n",
        gemini("c", "2026-09-01T10:00:09Z", tokens(300, 30)));
    CollectingSink sink = read(f);
    assertThat(Totals.by(sink.usages, ParsedUsage::messageId)).isEqualTo(Map.of(
        "a", "n=1 in=100 out=25 w5=0 w1=0 cr=0 rs=0 tl=0",
        "b", "n=1 in=200 out=20 w5=0 w1=0 cr=0 rs=0 tl=0",
        "c", "n=1 in=300 out=30 w5=0 w1=0 cr=0 rs=0 tl=0"));
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey).containsExactly("gemini-cli|S|a", "gemini-cli|S|b", "gemini-cli|S|c");
  }

  @Test
  void token_values_that_are_not_counts_are_reported_and_the_message_is_not_billed() throws IOException {
    // before: -50 became 0, "12" became 12 and 1.5 became 1
    Path f = write("t/chats/session-x.jsonl",
        meta("S"),
        gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10).replace("\"input\":100", "\"input\":-50")),
        gemini("b", "2026-09-01T10:00:02Z", tokens(100, 10).replace("\"input\":100", "\"input\":\"12\"")),
        gemini("c", "2026-09-01T10:00:03Z", tokens(100, 10).replace("\"output\":10", "\"output\":1.5")),
        gemini("d", "2026-09-01T10:00:04Z", tokens(7, 3)),
        gemini("e", "not a time", tokens(7, 3)));
    CollectingSink sink = read(f);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("d");
    assertThat(sink.problems).extracting(ParseProblem::kind).containsExactly(ParseProblem.Kind.INVALID_VALUE,
        ParseProblem.Kind.INVALID_VALUE, ParseProblem.Kind.INVALID_VALUE, ParseProblem.Kind.MISSING_FIELD);
    assertThat(sink.problems.get(0).reason()).contains("tokens.input must not be negative, was -50");
    assertThat(sink.problems.get(1).reason()).contains("tokens.input must be a number, not a string");
    assertThat(sink.problems.get(2).reason()).contains("tokens.output must be a whole number, was 1.5");
  }

  @Test
  void legacy_chat_with_a_token_value_that_is_not_a_count_reports_it_once() throws IOException {
    Path f = write("t/chats/session-old.json", "{\"sessionId\":\"L\",\"messages\":["
        + gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10).replace("\"input\":100", "\"input\":-1")).trim() + ","
        + gemini("b", "2026-09-01T10:00:02Z", tokens(5, 5)).trim() + "]}");
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("b");
    assertThat(sink.problems).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(ParseProblem.Kind.INVALID_VALUE));
    Files.writeString(f, Files.readString(f)); // rewritten whole (a resumed chat)
    Fixtures.touch(f, FILE_TIME.plusSeconds(5));
    CollectingSink again = new CollectingSink();
    source.parserFor(f).read(f, c, again);
    assertThat(again.usages).isEmpty();
    assertThat(again.problems).isEmpty();
  }

  @Test
  void checkpoint_rebuild_in_set_messages_does_not_double_count() throws IOException {
    Path f = write("t/chats/session-x.jsonl",
        meta("S"),
        gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)),
        "{\"$set\":{\"messages\":[" + gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)).trim() + "]}}\n",
        gemini("b", "2026-09-01T10:00:05Z", tokens(200, 20)));
    assertThat(Totals.all(read(f).usages)).isEqualTo("n=2 in=300 out=30 w5=0 w1=0 cr=0 rs=0 tl=0");
  }

  @Test
  void last_message_waits_for_the_next_or_for_rest_and_survives_a_restart() throws IOException {
    clock.set(FILE_TIME.plusSeconds(1));
    Path f = write("t/chats/session-x.jsonl", meta("S"), gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)));
    CollectingSink sink = new CollectingSink();
    FileCursor c1 = new GeminiSource(clock, QUIET).parserFor(f).read(f, FileCursor.START, sink);
    assertThat(sink.usages).isEmpty();
    assertThat(sink.held).singleElement().satisfies(h -> assertThat(h.responses()).isEqualTo(1));
    Files.writeString(f, gemini("a", "2026-09-01T10:00:01Z", tokens(100, 40)) + gemini("b", "2026-09-01T10:00:05Z", tokens(5, 5)),
        StandardOpenOption.APPEND);
    Fixtures.touch(f, FILE_TIME);
    FileCursor c2 = new GeminiSource(clock, QUIET).parserFor(f).read(f, c1, sink);
    assertThat(sink.usages).extracting(u -> u.tokens().getOutput()).containsExactly(40L);
    clock.set(FILE_TIME.plus(QUIET));
    FileCursor c3 = new GeminiSource(clock, QUIET).parserFor(f).read(f, c2, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("a", "b");
    assertThat(c3.offset()).isEqualTo(Files.size(f));
    new GeminiSource(clock, QUIET).parserFor(f).read(f, c3, sink);
    assertThat(sink.usages).hasSize(2);
    assertThat(sink.usages.get(0).sessionId()).isEqualTo("S");
  }

  @Test
  void malformed_lines_are_reported_once_without_content() throws IOException {
    clock.set(FILE_TIME.plusSeconds(1));
    Path f = write("t/chats/session-x.jsonl", meta("S"), "{\"id\":\"q\",\"content\":\"private\n", gemini("a", "2026-09-01T10:00:01Z", tokens(1, 1)));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
    c = source.parserFor(f).read(f, c, sink);
    clock.set(FILE_TIME.plus(QUIET));
    source.parserFor(f).read(f, c, sink);
    assertThat(sink.usages).hasSize(1);
    assertThat(sink.problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ParseProblem.Kind.MALFORMED_RECORD);
      assertThat(p.excerpt()).doesNotContain("private");
    });
  }

  @Test
  void legacy_json_is_read_at_rest_and_a_rewrite_only_adds_new_messages() throws IOException {
    String one = "{\"sessionId\":\"L\",\"messages\":[" + gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)).trim();
    Path f = write("t/chats/session-l.json", one + "]}");
    clock.set(FILE_TIME.plusSeconds(1));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
    assertThat(sink.usages).as("still being written").isEmpty();
    assertThat(sink.held).singleElement().satisfies(h -> assertThat(h.responses()).as("the whole file").isEqualTo(-1));
    clock.set(FILE_TIME.plus(QUIET));
    c = source.parserFor(f).read(f, c, sink);
    assertThat(sink.usages).hasSize(1);
    write("t/chats/session-l.json", one + "," + gemini("b", "2026-09-01T10:05:00Z", tokens(7, 3)).trim() + "]}");
    source.parserFor(f).read(f, c, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("a", "b");
  }

  @Test
  void a_truncated_chat_is_read_again_from_the_start() throws IOException {
    Path f = write("t/chats/session-x.jsonl", meta("S"), gemini("a", "2026-09-01T10:00:01Z", tokens(100, 10)),
        gemini("b", "2026-09-01T10:00:02Z", tokens(100, 10)));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
    write("t/chats/session-x.jsonl", meta("S2"), gemini("z", "2026-09-01T11:00:00Z", tokens(1, 1)));
    source.parserFor(f).read(f, c, sink);
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey)
        .containsExactly("gemini-cli|S|a", "gemini-cli|S|b", "gemini-cli|S2|z");
  }

  @Test
  void subagent_chat_in_parent_directory() throws IOException {
    Path f = write("t/chats/parent-1/child-1.jsonl",
        "{\"sessionId\":\"child-1\",\"kind\":\"subagent\"}\n", gemini("a", "2026-09-01T10:00:01Z", tokens(1, 1)));
    ParsedUsage u = read(f).usages.get(0);
    assertThat(u.sidechain()).isTrue();
    assertThat(u.parentSessionId()).isEqualTo("parent-1");
    assertThat(u.agentRole()).isEqualTo("subagent");
  }

  @Test
  void message_without_any_model_is_kept_as_unknown_and_reported() throws IOException {
    Path f = write("t/chats/session-x.jsonl", meta("S"),
        gemini("a", "2026-09-01T10:00:01Z", tokens(1, 1)).replace(",\"model\":\"gemini-2.5-pro\"", ""));
    CollectingSink sink = read(f);
    assertThat(sink.usages).extracting(ParsedUsage::model).containsExactly("unknown");
    assertThat(sink.problems).extracting(ParseProblem::kind).containsExactly(ParseProblem.Kind.UNKNOWN_MODEL);
  }

  @Test
  void discover_chats_of_every_project_only() throws IOException {
    Path home = dir.resolve("home");
    write("home/.gemini/tmp/proj-a/chats/session-1.jsonl", meta("1"));
    write("home/.gemini/tmp/proj-a/chats/session-0.json", "{}");
    write("home/.gemini/tmp/proj-a/chats/session-2.json.tmp-123", "{}");
    write("home/.gemini/tmp/proj-a/chats/p/c.jsonl", meta("c"));
    write("home/.gemini/tmp/proj-a/logs.json", "[]");
    write("home/.gemini/tmp/0b7d/chats/session-3.jsonl", meta("3"));
    assertThat(source.discover(new SourceEnvironment(Map.of(), home))).extracting(p -> home.relativize(p).toString())
        .containsExactly(".gemini/tmp/0b7d/chats/session-3.jsonl", ".gemini/tmp/proj-a/chats/p/c.jsonl",
            ".gemini/tmp/proj-a/chats/session-0.json", ".gemini/tmp/proj-a/chats/session-1.jsonl");
    assertThat(source.discover(new SourceEnvironment(Map.of("GEMINI_CLI_HOME", home.toString()), dir.resolve("x")))).hasSize(4);
    assertThat(source.discover(new SourceEnvironment(Map.of(), dir.resolve("none")))).isEmpty();
  }
}
