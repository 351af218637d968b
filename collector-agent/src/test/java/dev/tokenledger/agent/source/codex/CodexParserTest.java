package dev.tokenledger.agent.source.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.Totals;
import dev.tokenledger.events.Accuracy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex CLI: exact totals on the shared fixtures (derived by hand, 0-based line numbers) and every
 * trap of docs/log-formats.md §2 on hand-made rollouts. Token classes: {@code in} = input − cached,
 * {@code cr} = cached, {@code out} = output (reasoning included), {@code rs} = reasoning.
 */
class CodexParserTest {

  @TempDir Path dir;

  private final CodexSource source = new CodexSource();

  private CollectingSink read(Path file) throws IOException {
    CollectingSink sink = new CollectingSink();
    source.parserFor(file).read(file, FileCursor.START, sink);
    return sink;
  }

  /**
   * token-meter basic (FABRICATED), session sess_fixture_0001, 2026-07-05, model from
   * session_meta.payload.model (gpt-5-codex; no turn_context in this file):
   * <pre>
   * line 2 totals (in 1200, cached 200, out 300, rs 50): first event → delta = totals
   *        → in 1200−200 = 1000, cr 200, out 300, rs 50
   * line 3 totals (2000, 400, 500, 80): delta = (800, 200, 200, 30) = last_token_usage
   *        → in 600, cr 200, out 200, rs 30
   * sum: in 1600, cr 400, out 500, rs 80; both deltas equal last_token_usage → EXACT
   * </pre>
   */
  @Test
  void tokenmeter_basic() throws IOException {
    CollectingSink sink = read(Fixtures.path("codex/FABRICATED-tokenmeter-session-basic.jsonl"));
    String expected = "n=2 in=1600 out=500 w5=0 w1=0 cr=400 rs=80 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gpt-5-codex", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-07-05", expected));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("sess_fixture_0001", expected));
    assertThat(sink.usages).extracting(ParsedUsage::accuracy).containsOnly(Accuracy.EXACT);
    assertThat(sink.usages).extracting(ParsedUsage::provider).containsOnly("openai");
    assertThat(sink.problems).isEmpty();
  }

  /**
   * token-meter edge cases (FABRICATED), 2026-07-06, model gpt-5 from session_meta, no session id
   * in session_meta → the file name:
   * <pre>
   * line 1 not JSON                           → 1 MALFORMED_RECORD problem
   * line 2 last_token_usage all zero          → skipped
   * line 3 usage on a response_item          → not a token source, ignored
   * line 4 totals only (900, 0, 210, 0)      → first event: in 900, out 210 (no last → ESTIMATED)
   * </pre>
   */
  @Test
  void tokenmeter_edge_cases() throws IOException {
    CollectingSink sink = read(Fixtures.path("codex/FABRICATED-tokenmeter-session-edge-cases.jsonl"));
    String expected = "n=1 in=900 out=210 w5=0 w1=0 cr=0 rs=0 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gpt-5", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-07-06", expected));
    assertThat(Totals.bySession(sink.usages))
        .isEqualTo(Map.of("FABRICATED-tokenmeter-session-edge-cases", expected));
    assertThat(sink.usages.get(0).accuracy()).isEqualTo(Accuracy.ESTIMATED);
    assertThat(sink.problems).extracting(ParseProblem::kind).containsExactly(ParseProblem.Kind.MALFORMED_RECORD);
  }

  /**
   * agent-sessions 0.146 (REAL-DERIVED, trimmed): the only usable token_count is line 21, totals =
   * last = (16341, cached 3584, out 81, rs 63) after turn_context line 1 (gpt-5.6-luna) →
   * in 16341−3584 = 12757, cr 3584, out 81, rs 63. Line 85 has info:null, line 86 all zeros; the
   * later lines' timestamps are trimmed placeholders and carry no usage. Tools before it: the
   * custom_tool_call and function_call "shell" on lines 8, 9, the web_search_call on line 13 and the
   * MCP call ended on line 15 (server example, tool example_tool).
   */
  @Test
  void agentsessions_trimmed_rollout() throws IOException {
    CollectingSink sink = read(Fixtures.path("codex/agentsessions-v0.146-small-TRIMMED.jsonl"));
    String expected = "n=1 in=12757 out=81 w5=0 w1=0 cr=3584 rs=63 tl=0";
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of("gpt-5.6-luna", expected));
    assertThat(Totals.byDay(sink.usages)).isEqualTo(Map.of("2026-08-03", expected));
    assertThat(Totals.bySession(sink.usages)).isEqualTo(Map.of("019fc8be-3658-7ca3-9e29-000000000000", expected));
    ParsedUsage u = sink.usages.get(0);
    assertThat(u.sourceVersion()).isEqualTo("0.146.0");
    assertThat(u.workingDirectory()).isEqualTo("/tmp/repo");
    assertThat(u.gitBranch()).isEqualTo("main");
    assertThat(u.gitCommit()).isEqualTo("0000000000000000000000000000000000000000");
    assertThat(u.agentRole()).isEqualTo("main");
    assertThat(u.toolCalls()).extracting(c -> c.getName().toString() + "×" + c.getCount())
        .containsExactlyInAnyOrder("shell×2", "web_search×1", "mcp__example__example_tool×1");
    assertThat(u.toolCalls()).filteredOn(c -> c.getMcpServer() != null)
        .extracting(c -> c.getMcpServer() + "/" + c.getMcpTool()).containsExactly("example/example_tool");
    assertThat(u.accuracy()).isEqualTo(Accuracy.EXACT);
  }

  // ------------------------------------------------------------------ hand-made traps

  static String meta(String id, String ts, String extra) {
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + id
        + "\",\"timestamp\":\"" + ts + "\",\"cwd\":\"/w\",\"cli_version\":\"0.150.0\",\"model_provider\":\"openai\""
        + extra + ",\"instructions\":\"long secret instructions\"}}\n";
  }

  static String turn(String model) {
    return "{\"timestamp\":\"2026-09-01T10:00:00.500Z\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/w\",\"model\":\"" + model + "\"}}\n";
  }

  static String usage(long in, long cached, long out, long rs) {
    return "{\"input_tokens\":" + in + ",\"cached_input_tokens\":" + cached + ",\"output_tokens\":" + out
        + ",\"reasoning_output_tokens\":" + rs + ",\"total_tokens\":" + (in + out) + "}";
  }

  static String tc(String ts, String total, String last) {
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
        + (total == null ? "" : "\"total_token_usage\":" + total + (last == null ? "" : ","))
        + (last == null ? "" : "\"last_token_usage\":" + last) + ",\"model_context_window\":258400},"
        + "\"rate_limits\":{\"primary\":{\"used_percent\":4.0}}}}\n";
  }

  private Path write(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, String.join("", lines), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void unchanged_re_emits_are_skipped_and_resets_use_last_usage() throws IOException {
    Path f = write("r.jsonl",
        meta("T1", "2026-09-01T10:00:00.000Z", ""),
        turn("gpt-5.2-codex"),
        tc("2026-09-01T10:00:05.000Z", usage(1000, 200, 100, 10), usage(1000, 200, 100, 10)),
        tc("2026-09-01T10:00:06.000Z", usage(1000, 200, 100, 10), usage(1000, 200, 100, 10)), // re-emit
        tc("2026-09-01T10:00:07.000Z", usage(1000, 200, 100, 10), usage(1000, 200, 100, 10)), // re-emit
        turn("gpt-5.4"),
        tc("2026-09-01T10:01:00.000Z", usage(3000, 1200, 300, 20), usage(2000, 1000, 200, 10)),
        tc("2026-09-01T10:02:00.000Z", usage(500, 0, 50, 0), usage(500, 0, 50, 0)), // reset after compaction
        tc("2026-09-01T10:03:00.000Z", usage(800, 100, 90, 0), usage(300, 100, 40, 0)));
    CollectingSink sink = read(f);
    // 1000/200/100/10 → in 800; +2000/1000/200/10 → in 1000; reset: last 500/0/50 → in 500;
    // then delta 300/100/40 → in 200
    assertThat(Totals.byModel(sink.usages)).isEqualTo(Map.of(
        "gpt-5.2-codex", "n=1 in=800 out=100 w5=0 w1=0 cr=200 rs=10 tl=0",
        "gpt-5.4", "n=3 in=1700 out=290 w5=0 w1=0 cr=1100 rs=10 tl=0"));
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey).doesNotHaveDuplicates();
  }

  @Test
  void counters_that_are_not_counts_are_reported_and_never_published_as_other_numbers() throws IOException {
    // before: -50 was read as 0 (a "reset" billed from last_token_usage), "12" as 12, 1.5 as 1
    String good = usage(1000, 0, 100, 0);
    Path f = write("r.jsonl",
        meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5"),
        tc("2026-09-01T10:00:05.000Z", good, good),
        tc("2026-09-01T10:00:06.000Z", good.replace("\"input_tokens\":1000", "\"input_tokens\":-50"), usage(10, 0, 1, 0)),
        tc("2026-09-01T10:00:07.000Z", good.replace("\"input_tokens\":1000", "\"input_tokens\":\"1500\""), null),
        tc("2026-09-01T10:00:08.000Z", null, usage(10, 0, 1, 0).replace("\"output_tokens\":1", "\"output_tokens\":1.5")),
        "{\"timestamp\":\"2026-09-01T10:00:09.000Z\",\"type\":\"token_usage_record\",\"payload\":{\"response_id\":\"r9\","
            + "\"usage\":{\"input_tokens\":true,\"output_tokens\":1}}}\n",
        tc("2026-09-01T10:01:00.000Z", usage(3000, 0, 300, 0), usage(2000, 0, 200, 0)));
    CollectingSink sink = read(f);
    assertThat(sink.usages).extracting(u -> u.tokens().getInput()).containsExactly(1000L, 2000L);
    assertThat(sink.usages).extracting(u -> u.tokens().getOutput()).containsExactly(100L, 200L);
    assertThat(sink.problems).extracting(ParseProblem::kind).hasSize(4).containsOnly(ParseProblem.Kind.INVALID_VALUE);
    assertThat(sink.problems).extracting(ParseProblem::reason).satisfiesExactly(
        r -> assertThat(r).contains("info.total_token_usage.input_tokens must not be negative, was -50"),
        r -> assertThat(r).contains("info.total_token_usage.input_tokens must be a number, not a string"),
        r -> assertThat(r).contains("info.last_token_usage.output_tokens must be a whole number, was 1.5"),
        r -> assertThat(r).contains("usage.input_tokens must be a number, not a boolean"));
  }

  @Test
  void fill_to_context_window_and_info_null_are_ignored() throws IOException {
    Path f = write("r.jsonl",
        meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5"),
        "{\"timestamp\":\"2026-09-01T10:00:01.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":null,\"rate_limits\":null}}\n",
        tc("2026-09-01T10:00:02.000Z", "{\"total_tokens\":258400}", null),
        tc("2026-09-01T10:00:03.000Z", usage(10, 0, 5, 0), null));
    CollectingSink sink = read(f);
    assertThat(Totals.all(sink.usages)).isEqualTo("n=1 in=10 out=5 w5=0 w1=0 cr=0 rs=0 tl=0");
  }

  @Test
  void forked_history_copied_verbatim_gives_the_same_keys_and_new_turns_new_keys() throws IOException {
    String e1 = tc("2026-09-01T10:00:05.000Z", usage(1000, 0, 100, 0), usage(1000, 0, 100, 0));
    String e2 = tc("2026-09-01T10:01:05.000Z", usage(2500, 800, 150, 0), usage(1500, 800, 50, 0));
    Path parent = write("p.jsonl", meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5"), e1, e2);
    Path fork = write("f.jsonl", meta("T2", "2026-09-01T11:00:00.000Z", ",\"forked_from_id\":\"T1\""), turn("gpt-5"), e1, e2,
        tc("2026-09-01T11:05:00.000Z", usage(4000, 2000, 200, 0), usage(1500, 1200, 50, 0)));
    List<String> keys = new ArrayList<>();
    read(parent).usages.forEach(u -> keys.add(u.dedupKey()));
    CollectingSink forked = read(fork);
    assertThat(forked.usages).hasSize(3);
    assertThat(forked.usages.subList(0, 2)).extracting(ParsedUsage::dedupKey).containsExactlyElementsOf(keys);
    assertThat(forked.usages.get(2).dedupKey()).isNotIn(keys);
    assertThat(forked.usages.get(2).tokens().getInput()).isEqualTo(300); // (4000−2500) − (2000−800)
    assertThat(forked.usages.get(2).parentSessionId()).isEqualTo("T1");
  }

  @Test
  void spawned_sub_agent_replay_in_the_creation_second_is_only_a_baseline() throws IOException {
    Path f = write("s.jsonl",
        meta("T9", "2026-09-01T12:00:00.000Z",
            ",\"source\":{\"subagent\":{\"thread_spawn\":{\"parent_thread_id\":\"T1\",\"depth\":1,\"agent_nickname\":\"scout\",\"agent_role\":\"explorer\"}}}"),
        turn("gpt-5.6-sol"),
        tc("2026-09-01T12:00:00.100Z", usage(1000, 0, 100, 0), usage(1000, 0, 100, 0)),
        tc("2026-09-01T12:00:00.200Z", usage(2500, 800, 150, 0), usage(1500, 800, 50, 0)),
        tc("2026-09-01T12:00:09.000Z", usage(3000, 1000, 180, 5), usage(500, 200, 30, 5)));
    CollectingSink sink = read(f);
    assertThat(Totals.all(sink.usages)).isEqualTo("n=1 in=300 out=30 w5=0 w1=0 cr=200 rs=5 tl=0");
    ParsedUsage u = sink.usages.get(0);
    assertThat(u.sidechain()).isTrue();
    assertThat(u.agentRole()).isEqualTo("explorer");
    assertThat(u.agentName()).isEqualTo("scout");
    assertThat(u.parentSessionId()).isEqualTo("T1");
  }

  @Test
  void token_usage_record_and_token_count_for_the_same_response_count_once() throws IOException {
    Path f = write("u.jsonl",
        meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5.6-sol"),
        "{\"timestamp\":\"2026-09-01T10:00:05.000Z\",\"type\":\"token_usage_record\",\"payload\":{\"thread_id\":\"T1\",\"turn_id\":\"u1\",\"response_id\":\"resp_1\",\"usage\":"
            + usage(1000, 400, 100, 20) + ",\"turn_token_usage\":" + usage(1000, 400, 100, 20) + ",\"thread_token_usage\":" + usage(1000, 400, 100, 20) + "}}\n",
        tc("2026-09-01T10:00:05.001Z", usage(1000, 400, 100, 20), usage(1000, 400, 100, 20)),
        tc("2026-09-01T10:01:05.000Z", usage(2000, 900, 150, 20), usage(1000, 500, 50, 0)),
        "{\"timestamp\":\"2026-09-01T10:01:05.001Z\",\"type\":\"token_usage_record\",\"payload\":{\"thread_id\":\"T1\",\"turn_id\":\"u2\",\"response_id\":\"resp_2\",\"usage\":"
            + usage(1000, 500, 50, 0) + ",\"thread_token_usage\":" + usage(2000, 900, 150, 20) + "}}\n");
    CollectingSink sink = read(f);
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey).containsExactly("codex|resp|resp_1", "codex|resp|resp_2");
    assertThat(Totals.all(sink.usages)).isEqualTo("n=2 in=1100 out=150 w5=0 w1=0 cr=900 rs=20 tl=0");
  }

  @Test
  void pre_token_count_rollouts_have_nothing_to_count() throws IOException {
    Path f = write("old.jsonl",
        "{\"id\":\"x\",\"timestamp\":\"2025-08-01T10:00:00Z\",\"instructions\":\"secret\"}\n",
        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\"}]}\n",
        "{\"record_type\":\"state\"}\n");
    CollectingSink sink = read(f);
    assertThat(sink.usages).isEmpty();
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void repeated_turn_context_latest_model_wins_and_headless_fields_are_ignored() throws IOException {
    Path f = write("t.jsonl", meta("T1", "2026-09-01T10:00:00.000Z", ""),
        turn("gpt-5.1"), turn("gpt-5.1"), turn("gpt-5.2"),
        tc("2026-09-01T10:00:05.000Z", usage(10, 0, 1, 0), usage(10, 0, 1, 0)));
    assertThat(read(f).usages).extracting(ParsedUsage::model).containsExactly("gpt-5.2");
  }

  @Test
  void an_mcp_call_is_named_by_its_end_event_and_counted_once() throws IOException {
    Path f = write("m.jsonl", meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5"),
        "{\"timestamp\":\"2026-09-01T10:00:01.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"github__create_issue\",\"arguments\":\"{\\\"title\\\":\\\"secret\\\"}\"}}\n",
        "{\"timestamp\":\"2026-09-01T10:00:02.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"mcp_tool_call_end\",\"call_id\":\"c1\",\"invocation\":{\"server\":\"github\",\"tool\":\"create_issue\",\"arguments\":{}}}}\n",
        "{\"timestamp\":\"2026-09-01T10:00:03.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\",\"call_id\":\"c2\",\"name\":\"shell\",\"arguments\":\"{}\"}}\n",
        tc("2026-09-01T10:00:05.000Z", usage(10, 0, 1, 0), usage(10, 0, 1, 0)),
        tc("2026-09-01T10:00:09.000Z", usage(20, 0, 2, 0), usage(10, 0, 1, 0)));
    CollectingSink sink = read(f);
    assertThat(sink.usages.get(0).toolCalls()).extracting(c -> c.getName() + ":" + c.getMcpServer() + ":" + c.getMcpTool())
        .containsExactly("mcp__github__create_issue:github:create_issue", "shell:null:null");
    assertThat(sink.usages.get(1).toolCalls()).as("calls attach to one request only").isEmpty();
  }

  @Test
  void no_model_anywhere_falls_back_to_gpt_5_estimated() throws IOException {
    Path f = write("n.jsonl", meta("T1", "2026-09-01T10:00:00.000Z", ""),
        tc("2026-09-01T10:00:05.000Z", usage(10, 0, 1, 0), usage(10, 0, 1, 0)));
    ParsedUsage u = read(f).usages.get(0);
    assertThat(u.model()).isEqualTo("gpt-5");
    assertThat(u.accuracy()).isEqualTo(Accuracy.ESTIMATED);
  }

  @Test
  void restart_between_reads_keeps_counters_model_and_attribution() throws IOException {
    String head = meta("T1", "2026-09-01T10:00:00.000Z", ",\"git\":{\"branch\":\"dev\"}") + turn("gpt-5.2-codex")
        + tc("2026-09-01T10:00:05.000Z", usage(1000, 200, 100, 10), usage(1000, 200, 100, 10));
    String tail = tc("2026-09-01T10:01:00.000Z", usage(3000, 1200, 300, 20), usage(2000, 1000, 200, 10));
    Path whole = write("w.jsonl", head, tail);
    Path parts = write("p.jsonl", head, tail.substring(0, 40));
    CollectingSink one = read(whole);
    CollectingSink two = new CollectingSink();
    FileCursor c = new CodexSource().parserFor(parts).read(parts, FileCursor.START, two);
    assertThat(c.offset()).isEqualTo(head.getBytes(StandardCharsets.UTF_8).length);
    Files.writeString(parts, tail.substring(40), StandardOpenOption.APPEND);
    new CodexSource().parserFor(parts).read(parts, c, two); // a new instance: the agent restarted
    assertThat(two.usages).usingRecursiveFieldByFieldElementComparator().isEqualTo(one.usages);
    assertThat(two.usages.get(1).gitBranch()).isEqualTo("dev");
    assertThat(two.usages.toString()).doesNotContain("secret");
  }

  @Test
  void a_replaced_rollout_starts_again_with_fresh_counters() throws IOException {
    Path f = write("x.jsonl", meta("T1", "2026-09-01T10:00:00.000Z", ""), turn("gpt-5"),
        tc("2026-09-01T10:00:05.000Z", usage(5000, 0, 500, 0), usage(5000, 0, 500, 0)));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
    // replaced by another thread's (shorter) rollout under the same name
    write("x.jsonl", meta("T2", "2026-09-02T10:00:00.000Z", ""),
        tc("2026-09-02T10:00:05.000Z", usage(100, 0, 10, 0), usage(100, 0, 10, 0)));
    source.parserFor(f).read(f, c, sink);
    assertThat(sink.usages).extracting(u -> u.sessionId() + ":" + u.tokens().getInput())
        .as("the old baseline (5000) is not subtracted").containsExactly("T1:5000", "T2:100");
  }

  @Test
  void discover_sessions_and_archived_with_sessions_winning() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".codex/sessions/2026/09/01"));
    Files.createDirectories(home.resolve(".codex/archived_sessions/2026/09/01"));
    Files.writeString(home.resolve(".codex/sessions/2026/09/01/rollout-a.jsonl"), "");
    Files.writeString(home.resolve(".codex/archived_sessions/2026/09/01/rollout-a.jsonl"), "");
    Files.writeString(home.resolve(".codex/archived_sessions/2026/09/01/rollout-b.jsonl"), "");
    assertThat(source.discover(new SourceEnvironment(Map.of(), home)))
        .extracting(p -> home.relativize(p).toString())
        .containsExactly(".codex/sessions/2026/09/01/rollout-a.jsonl", ".codex/archived_sessions/2026/09/01/rollout-b.jsonl");
    Path custom = dir.resolve("custom");
    Files.createDirectories(custom.resolve("sessions"));
    Files.writeString(custom.resolve("sessions/rollout-c.jsonl"), "");
    assertThat(source.discover(new SourceEnvironment(Map.of("CODEX_HOME", custom.toString()), home)))
        .extracting(p -> p.getFileName().toString()).containsExactly("rollout-c.jsonl");
    assertThat(source.discover(new SourceEnvironment(Map.of(), dir.resolve("none")))).isEmpty();
  }

  @Test
  void session_id_from_a_rollout_file_name() throws IOException {
    assertThat(CodexSessionMeta.sessionFromFileName(Path.of(
        "rollout-2026-09-01T10-00-00-019fc8be-3658-7ca3-9e29-0123456789ab_02.jsonl")))
        .isEqualTo("019fc8be-3658-7ca3-9e29-0123456789ab");
    // no session_meta: the session comes from the file name, the event time from the record, not the name
    Path f = write("rollout-2026-09-01T10-00-00-019fc8be-3658-7ca3-9e29-0123456789ab.jsonl",
        turn("gpt-5"), tc("2026-09-01T10:00:07.250Z", usage(100, 0, 10, 0), usage(100, 0, 10, 0)));
    CollectingSink sink = read(f);
    assertThat(sink.usages).singleElement().satisfies(u -> {
      assertThat(u.sessionId()).isEqualTo("019fc8be-3658-7ca3-9e29-0123456789ab");
      assertThat(u.eventTime()).isEqualTo(Instant.parse("2026-09-01T10:00:07.250Z"));
    });
  }
}
