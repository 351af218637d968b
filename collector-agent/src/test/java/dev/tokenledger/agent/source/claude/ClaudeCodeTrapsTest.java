package dev.tokenledger.agent.source.claude;

import static dev.tokenledger.agent.source.claude.ClaudeLines.agentProgress;
import static dev.tokenledger.agent.source.claude.ClaudeLines.assistant;
import static dev.tokenledger.agent.source.claude.ClaudeLines.toolUse;
import static dev.tokenledger.agent.source.claude.ClaudeLines.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.schemas.testing.MutableClock;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.Totals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Claude Code trap of docs/log-formats.md §1, plus incremental reading, on hand-made files. */
class ClaudeCodeTrapsTest {

  private static final Instant FILE_TIME = Instant.parse("2026-09-01T12:00:00Z");
  private static final Duration QUIET = Duration.ofMinutes(5);

  @TempDir Path dir;

  /** "now" is just after the files were written: they are NOT at rest unless a test moves it. */
  private final MutableClock clock = new MutableClock(FILE_TIME.plusSeconds(1));
  private final ClaudeCodeSource source = new ClaudeCodeSource(clock, QUIET);

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("", lines), StandardCharsets.UTF_8);
    Fixtures.touch(file, FILE_TIME);
    return file;
  }

  private void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Fixtures.touch(file, FILE_TIME);
  }

  private void atRest() {
    clock.set(FILE_TIME.plus(QUIET));
  }

  private CollectingSink readAtRest(Path file) throws IOException {
    atRest();
    CollectingSink sink = new CollectingSink();
    source.parserFor(file).read(file, FileCursor.START, sink);
    return sink;
  }

  @Test
  void largest_total_copy_wins_even_when_a_later_copy_has_less_input() throws IOException {
    // partials (1,10,C,R) x2, then a final copy whose input moved into cache reads (#950 shape)
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 500, 10, 100, 0, "2026-09-01T10:00:01.000Z"),
        assistant("msg_A", "req_A", 500, 12, 100, 0, "2026-09-01T10:00:02.000Z"),
        assistant("msg_A", "req_A", 20, 700, 100, 480, "2026-09-01T10:00:03.000Z"),
        assistant("msg_B", "req_B", 1, 5, 0, 0, "2026-09-01T10:00:04.000Z"));
    CollectingSink sink = readAtRest(file);
    // msg_A totals: 610, 612, 1300 → keep the third (20, 700, 100, 480); msg_B once
    assertThat(Totals.by(sink.usages, ParsedUsage::messageId)).isEqualTo(Map.of(
        "msg_A", "n=1 in=20 out=700 w5=100 w1=0 cr=480 rs=0 tl=0",
        "msg_B", "n=1 in=1 out=5 w5=0 w1=0 cr=0 rs=0 tl=0"));
  }

  @Test
  void equal_totals_keep_the_later_copy() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 10, 5, 0, 0, "2026-09-01T10:00:01.000Z"),
        assistant("msg_A", "req_A", 5, 10, 0, 0, "2026-09-01T10:00:02.000Z"));
    ParsedUsage u = readAtRest(file).usages.get(0);
    assertThat(u.tokens().getOutput()).isEqualTo(10);
    assertThat(u.eventTime()).isEqualTo(Instant.parse("2026-09-01T10:00:02.000Z"));
  }

  @Test
  void progress_copies_synthetic_and_api_error_lines_are_not_billed() throws IOException {
    Path file = write("p/s.jsonl",
        agentProgress("msg_SUB", "req_SUB", 9000, 120),
        assistant("msg_SYN", "req_SYN", 0, 0, 0, 0, "2026-09-01T10:00:01.000Z")
            .replace("claude-opus-4-6", "<synthetic>"),
        assistant("msg_ERR", "req_ERR", 0, 0, 0, 0, "2026-09-01T10:00:02.000Z", "\"isApiErrorMessage\":true,",
            "{\"type\":\"text\",\"text\":\"Claude AI usage limit reached|1760000000\"}"),
        "{\"type\":\"summary\",\"summary\":\"a summary\",\"leafUuid\":\"x\"}\n",
        "{\"type\":\"brand-new-type\",\"usage\":{\"input_tokens\":5}}\n",
        assistant("msg_OK", "req_OK", 1, 2, 0, 0, "2026-09-01T10:00:03.000Z"));
    append(file, assistant("msg_ZERO", "req_ZERO", 0, 0, 0, 0, "2026-09-01T10:00:04.000Z"));
    CollectingSink sink = readAtRest(file);
    assertThat(sink.usages).as("nor an all-zero usage").extracting(ParsedUsage::messageId).containsExactly("msg_OK");
    assertThat(sink.problems).isEmpty();
  }

  @Test
  void subagent_file_copy_and_parent_progress_copy_have_one_key(@TempDir Path root) throws IOException {
    Path parent = write("proj/sess-1.jsonl",
        assistant("msg_P", "req_P", 3, 30, 0, 100, "2026-09-01T10:00:00.000Z"),
        agentProgress("msg_SUB", "req_SUB", 9000, 120));
    Path sub = write("proj/sess-1/subagents/agent-a1.jsonl",
        assistant("msg_SUB", "req_SUB", 5, 120, 0, 9000, "2026-09-01T10:00:05.000Z",
            "\"isSidechain\":true,\"agentId\":\"a1\",", "{\"type\":\"text\",\"text\":\"x\"}"));
    Files.writeString(dir.resolve("proj/sess-1/subagents/agent-a1.meta.json"),
        "{\"agentType\":\"general-purpose\",\"spawnDepth\":1}");
    List<ParsedUsage> all = new ArrayList<>(readAtRest(parent).usages);
    all.addAll(readAtRest(sub).usages);
    assertThat(all).extracting(ParsedUsage::messageId).containsExactly("msg_P", "msg_SUB");
    ParsedUsage s = all.get(1);
    assertThat(s.sidechain()).isTrue();
    assertThat(s.agentName()).isEqualTo("a1");
    assertThat(s.agentRole()).isEqualTo("general-purpose");
    assertThat(s.parentSessionId()).isEqualTo("sess-1");
    assertThat(s.sessionId()).isEqualTo("sess-1");
  }

  @Test
  void subagent_file_belongs_to_the_session_of_its_directory() throws IOException {
    // the SYNTHETIC agent-sessions sub-agent lines carry "agent-<id>" as sessionId; the directory wins
    Path sub = write("proj/0a1b/subagents/agent-a0ad.jsonl",
        assistant("msg_X", "req_X", 1, 1, 0, 0, "2026-09-01T10:00:05.000Z",
            "\"isSidechain\":true,\"agentId\":\"a0ad\",", "{\"type\":\"text\",\"text\":\"x\"}")
            .replace("\"sessionId\":\"sess-1\"", "\"sessionId\":\"agent-a0ad\""));
    ParsedUsage u = readAtRest(sub).usages.get(0);
    assertThat(u.sessionId()).isEqualTo("0a1b");
    assertThat(u.parentSessionId()).isEqualTo("0a1b");
    assertThat(u.agentRole()).isEqualTo("subagent");
  }

  @Test
  void compaction_agent_file_has_the_compaction_role() throws IOException {
    Path sub = write("proj/sess-1/subagents/agent-acompact-7f3e.jsonl",
        assistant("msg_C", "req_C", 5, 800, 0, 150000, "2026-09-01T10:00:05.000Z",
            "\"isSidechain\":true,\"agentId\":\"acompact-7f3e\",", "{\"type\":\"text\",\"text\":\"x\"}"));
    ParsedUsage u = readAtRest(sub).usages.get(0);
    assertThat(u.agentRole()).isEqualTo("compaction");
    assertThat(u.sidechain()).isTrue();
  }

  @Test
  void side_question_replay_with_other_request_id_collapses_onto_the_parent_key() throws IOException {
    Path parent = write("proj/sess-1.jsonl", assistant("msg_P", "req_P1", 3, 30, 0, 100, "2026-09-01T10:00:00.000Z"));
    Path btw = write("proj/sess-1/subagents/agent-side_question-1.jsonl",
        assistant("msg_P", "req_P2", 3, 30, 0, 80000, "2026-09-01T10:05:00.000Z",
            "\"isSidechain\":true,", "{\"type\":\"text\",\"text\":\"x\"}"));
    String parentKey = readAtRest(parent).usages.get(0).dedupKey();
    assertThat(readAtRest(btw).usages).extracting(ParsedUsage::dedupKey).containsExactly(parentKey);
  }

  @Test
  void inline_sidechain_lines_of_1_0_are_subagent_requests_of_the_same_session() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_M", "req_M", 1, 10, 0, 0, "2026-09-01T10:00:00.000Z"),
        assistant("msg_S1", "req_S1", 2, 20, 0, 0, "2026-09-01T10:00:01.000Z", "\"isSidechain\":true,", "{\"type\":\"text\",\"text\":\"x\"}"),
        assistant("msg_S2", "req_S2", 3, 30, 0, 0, "2026-09-01T10:00:02.000Z", "\"isSidechain\":true,", "{\"type\":\"text\",\"text\":\"x\"}"));
    CollectingSink sink = readAtRest(file);
    // the side stream's msg_S1 closes when msg_S2 starts; the rest is emitted at rest
    assertThat(sink.usages).extracting(u -> u.messageId() + ":" + u.sidechain() + ":" + u.agentRole())
        .containsExactlyInAnyOrder("msg_M:false:main", "msg_S1:true:subagent", "msg_S2:true:subagent");
    assertThat(sink.usages).extracting(ParsedUsage::sessionId).containsOnly("sess-1");
  }

  @Test
  void tool_calls_are_counted_per_response_and_mcp_names_split() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 1, 0, 0, "2026-09-01T10:00:01.000Z", "", toolUse("t1", "mcp__github__create_issue")),
        assistant("msg_A", "req_A", 1, 9, 0, 0, "2026-09-01T10:00:02.000Z", "", toolUse("t2", "Bash") + "," + toolUse("t3", "Bash")),
        assistant("msg_A", "req_A", 1, 9, 0, 0, "2026-09-01T10:00:03.000Z", "", toolUse("t3", "Bash")));
    ParsedUsage u = readAtRest(file).usages.get(0);
    assertThat(ClaudeCodeParserTest.calls(u.toolCalls()))
        .as("t3 repeated in a later copy is the same call").isEqualTo(Map.of("mcp__github__create_issue", 1, "Bash", 2));
    var mcp = u.toolCalls().get(0);
    assertThat(mcp.getMcpServer()).hasToString("github");
    assertThat(mcp.getMcpTool()).hasToString("create_issue");
    assertThat(u.toolCalls().get(1).getMcpServer()).isNull();
  }

  @Test
  void old_cost_usd_is_kept_as_reported_cost_and_no_content_leaks() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 1, 0, 0, "2026-09-01T10:00:01.000Z", "\"costUSD\":0.0123,",
            "{\"type\":\"text\",\"text\":\"secret answer text\"}"),
        "{\"type\":\"assistant\",\"message\":{\"content\":\"secret answer text\",\"usage\":{\"input_tokens\":1}} BROKEN\n");
    CollectingSink sink = readAtRest(file);
    assertThat(sink.usages.get(0).reportedCostUsd()).isEqualByComparingTo(new BigDecimal("0.0123"));
    assertThat(sink.problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ParseProblem.Kind.MALFORMED_RECORD);
      assertThat(p.excerpt()).doesNotContain("secret");
      assertThat(p.offset()).isPositive();
    });
    assertThat(sink.usages.get(0).toString()).doesNotContain("secret");
  }

  @Test
  void assistant_line_with_usage_but_no_timestamp_or_model_is_reported() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 1, 0, 0, "not-a-time"),
        assistant("msg_B", "req_B", 1, 1, 0, 0, "2026-09-01T10:00:01.000Z").replace("\"model\":\"claude-opus-4-6\",", ""));
    CollectingSink sink = readAtRest(file);
    assertThat(sink.usages).isEmpty();
    assertThat(sink.problems).extracting(ParseProblem::kind)
        .containsExactly(ParseProblem.Kind.MISSING_FIELD, ParseProblem.Kind.MISSING_FIELD);
  }

  /** input_tokens of 111 replaced by {@code value} (raw JSON). */
  private static String withInput(String line, String value) {
    return line.replace("\"input_tokens\":111,", "\"input_tokens\":" + value + ",");
  }

  @Test
  void usage_values_that_are_not_counts_are_reported_and_the_request_is_never_billed() throws IOException {
    // before: -50 became 0, "12" became 0 and 1.5 became 1, each published as an EXACT request
    Path file = write("p/s.jsonl",
        withInput(assistant("msg_neg", "req_1", 111, 5, 0, 0, "2026-09-01T10:00:01.000Z"), "-50"),
        withInput(assistant("msg_str", "req_2", 111, 5, 0, 0, "2026-09-01T10:00:02.000Z"), "\"12\""),
        withInput(assistant("msg_frac", "req_3", 111, 5, 0, 0, "2026-09-01T10:00:03.000Z"), "1.5"),
        withInput(assistant("msg_big", "req_4", 111, 5, 0, 0, "2026-09-01T10:00:04.000Z"), "99999999999999999999999"),
        assistant("msg_cost", "req_5", 111, 5, 0, 0, "2026-09-01T10:00:05.000Z", "\"costUSD\":1e-999999999,", ""),
        assistant("msg_web", "req_6", 111, 5, 0, 0, "2026-09-01T10:00:06.000Z")
            .replace("\"output_tokens\":5}", "\"output_tokens\":5,\"server_tool_use\":{\"web_search_requests\":-1}}"),
        assistant("msg_ok", "req_7", 111, 5, 0, 0, "2026-09-01T10:00:07.000Z"));
    CollectingSink sink = readAtRest(file);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_ok");
    assertThat(sink.usages.get(0).tokens().getInput()).isEqualTo(111);
    assertThat(sink.problems).extracting(ParseProblem::kind).hasSize(6).containsOnly(ParseProblem.Kind.INVALID_VALUE);
    assertThat(sink.problems).extracting(ParseProblem::reason).satisfiesExactly(
        r -> assertThat(r).contains("message.usage.input_tokens must not be negative, was -50"),
        r -> assertThat(r).contains("message.usage.input_tokens must be a number, not a string"),
        r -> assertThat(r).contains("message.usage.input_tokens must be a whole number, was 1.5"),
        r -> assertThat(r).contains("message.usage.input_tokens is too large"),
        r -> assertThat(r).contains("costUSD must be a plain decimal"),
        r -> assertThat(r).contains("web_search_requests must not be negative"));
    assertThat(sink.problems).allSatisfy(p -> assertThat(p.offset()).isNotNegative());
  }

  @Test
  void one_unusable_streaming_copy_withholds_the_whole_response_once() throws IOException {
    // a later, larger copy must not be billed either: which copy is final can no longer be told
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 111, 10, 0, 0, "2026-09-01T10:00:01.000Z"),
        assistant("msg_A", "req_A", 111, 20, 0, 0, "2026-09-01T10:00:02.000Z").replace("\"output_tokens\":20}", "\"output_tokens\":\"20\"}"),
        assistant("msg_A", "req_A", 111, 700, 0, 0, "2026-09-01T10:00:03.000Z"),
        assistant("msg_B", "req_B", 1, 5, 0, 0, "2026-09-01T10:00:04.000Z"));
    clock.set(FILE_TIME.plusSeconds(1)); // not at rest: msg_B is held, msg_A is final
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).isEmpty();
    assertThat(sink.problems).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(ParseProblem.Kind.INVALID_VALUE));
    atRest();
    source.parserFor(file).read(file, c, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_B");
    assertThat(sink.problems).as("reported once over re-reads").hasSize(1);
  }

  @Test
  void the_responses_held_back_while_the_file_is_written_are_told_to_the_sink() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 5, 0, 0, "2026-09-01T10:00:01.000Z"),
        assistant("msg_B", "req_B", 1, 5, 0, 0, "2026-09-01T10:00:02.000Z"),
        assistant("msg_B", "req_B", 1, 9, 0, 0, "2026-09-01T10:00:03.000Z"));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_A");
    assertThat(sink.held).singleElement().satisfies(h -> {
      assertThat(h.file()).isEqualTo(file);
      assertThat(h.responses()).isEqualTo(1);
      assertThat(h.quiet()).isEqualTo(QUIET);
      assertThat(h.publishableFrom()).isEqualTo(FILE_TIME.plus(QUIET));
    });
    atRest();
    CollectingSink later = new CollectingSink();
    source.parserFor(file).read(file, c, later);
    assertThat(later.usages).extracting(ParsedUsage::messageId).containsExactly("msg_B");
    assertThat(later.held).isEmpty();
  }

  @Test
  void fast_mode_and_service_tier_are_carried_for_pricing() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 1, 0, 0, "2026-09-01T10:00:01.000Z")
            .replace("\"output_tokens\":1}", "\"output_tokens\":1,\"service_tier\":\"priority\",\"speed\":\"fast\"}"));
    ParsedUsage u = readAtRest(file).usages.get(0);
    assertThat(u.speed()).isEqualTo("fast");
    assertThat(u.serviceTier()).isEqualTo("priority");
  }

  @Test
  void lines_are_counted_whatever_the_field_order_and_with_null_fields() throws IOException {
    // 2.1.38 writes "message" before "type"; nulls where strings are expected must not break parsing
    Path file = write("p/s.jsonl",
        "{\"message\":{\"usage\":{\"output_tokens\":7,\"input_tokens\":2,\"cache_creation\":null},"
            + "\"content\":null,\"id\":\"msg_Z\",\"model\":\"claude-x\"},\"gitBranch\":null,\"requestId\":null,"
            + "\"timestamp\":\"2026-09-01T10:00:01.000Z\",\"sessionId\":\"s\",\"type\":\"assistant\"}\n");
    CollectingSink sink = readAtRest(file);
    assertThat(Totals.all(sink.usages)).isEqualTo("n=1 in=2 out=7 w5=0 w1=0 cr=0 rs=0 tl=0");
    assertThat(sink.usages.get(0).requestId()).isNull();
  }

  // ---------------------------------------------------------------- incremental behaviour

  @Test
  void the_last_response_is_held_until_the_next_one_starts_or_the_file_is_at_rest() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z"));
    CollectingSink sink = new CollectingSink();
    FileCursor c1 = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).as("partial copy not emitted while the file is active").isEmpty();
    assertThat(c1.offset()).isZero();

    append(file, assistant("msg_A", "req_A", 1, 300, 0, 0, "2026-09-01T10:00:02.000Z"));
    FileCursor c2 = source.parserFor(file).read(file, c1, sink);
    assertThat(sink.usages).isEmpty();

    append(file, user("next question") + assistant("msg_B", "req_B", 2, 20, 0, 0, "2026-09-01T10:01:00.000Z"));
    FileCursor c3 = source.parserFor(file).read(file, c2, sink);
    assertThat(sink.usages).extracting(u -> u.tokens().getOutput()).as("msg_A final copy").containsExactly(300L);

    atRest();
    FileCursor c4 = source.parserFor(file).read(file, c3, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_A", "msg_B");
    assertThat(c4.offset()).isEqualTo(Files.size(file));
    assertThat(c4.parserState()).isEmpty();

    CollectingSink again = new CollectingSink();
    source.parserFor(file).read(file, c4, again);
    assertThat(again.usages).as("nothing twice").isEmpty();
  }

  @Test
  void two_step_read_with_restart_equals_one_read_and_partial_lines_wait() throws IOException {
    String l1 = assistant("msg_A", "req_A", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z");
    String l2 = assistant("msg_A", "req_A", 1, 99, 0, 0, "2026-09-01T10:00:02.000Z");
    String l3 = assistant("msg_B", "req_B", 2, 20, 0, 0, "2026-09-01T10:01:00.000Z");
    String l4 = "{\"type\":\"garbage\"\n";
    String l5 = assistant("msg_C", "req_C", 3, 30, 0, 0, "2026-09-01T10:02:00.000Z");
    String whole = l1 + l2 + l3 + l4 + l5;

    Path one = write("one/s.jsonl", whole);
    CollectingSink oneRead = readAtRest(one);

    clock.set(FILE_TIME.plusSeconds(1));
    int cut = l1.length() + l2.length() + l3.length() / 2; // in the middle of msg_B's line
    Path two = write("two/s.jsonl", whole.substring(0, cut));
    CollectingSink twoReads = new CollectingSink();
    FileCursor c = source.parserFor(two).read(two, FileCursor.START, twoReads);
    assertThat(twoReads.usages).isEmpty();
    append(two, whole.substring(cut));
    atRest();
    // a fresh parser instance = a restarted agent, resuming from the checkpointed cursor
    source.parserFor(two).read(two, c, twoReads);

    assertThat(twoReads.usages).usingRecursiveFieldByFieldElementComparator().isEqualTo(oneRead.usages);
    assertThat(oneRead.usages).extracting(ParsedUsage::messageId).containsExactly("msg_A", "msg_B", "msg_C");
    assertThat(twoReads.problems).hasSameSizeAs(oneRead.problems).hasSize(1);
  }

  @Test
  void pending_tail_re_read_does_not_repeat_problems_or_emitted_requests() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_S1", "req_S1", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z", "\"isSidechain\":true,\"agentId\":\"x\",", "{\"type\":\"text\",\"text\":\"x\"}"),
        "not json\n",
        assistant("msg_S2", "req_S2", 1, 10, 0, 0, "2026-09-01T10:00:02.000Z", "\"isSidechain\":true,\"agentId\":\"y\",", "{\"type\":\"text\",\"text\":\"x\"}"),
        assistant("msg_S1", "req_S1", 1, 90, 0, 0, "2026-09-01T10:00:03.000Z", "\"isSidechain\":true,\"agentId\":\"x\",", "{\"type\":\"text\",\"text\":\"x\"}"));
    CollectingSink sink = new CollectingSink();
    // two concurrent side chains x and y interleave: neither closes the other
    FileCursor c1 = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).isEmpty();
    assertThat(sink.problems).hasSize(1);
    assertThat(c1.offset()).isZero();
    FileCursor c2 = source.parserFor(file).read(file, c1, sink);
    assertThat(sink.problems).as("reported once").hasSize(1);
    // the parent resumes: every side chain is final
    append(file, assistant("msg_M", "req_M", 1, 10, 0, 0, "2026-09-01T10:01:00.000Z"));
    FileCursor c3 = source.parserFor(file).read(file, c2, sink);
    assertThat(sink.usages).extracting(u -> u.messageId() + ":" + u.tokens().getOutput())
        .containsExactlyInAnyOrder("msg_S1:90", "msg_S2:10");
    assertThat(c3.offset()).as("only msg_M pending").isGreaterThan(0);
    atRest();
    source.parserFor(file).read(file, c3, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactlyInAnyOrder("msg_S1", "msg_S2", "msg_M");
    assertThat(sink.problems).hasSize(1);
  }

  @Test
  void a_side_chain_start_closes_the_parent_response_that_launched_it() throws IOException {
    Path file = write("p/s.jsonl",
        assistant("msg_M", "req_M", 1, 10, 0, 0, "2026-09-01T10:00:00.000Z", "", toolUse("t1", "Task")),
        assistant("msg_S", "req_S", 2, 20, 0, 0, "2026-09-01T10:00:01.000Z", "\"isSidechain\":true,", "{\"type\":\"text\",\"text\":\"x\"}"));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_M");
    long firstLine = assistant("msg_M", "req_M", 1, 10, 0, 0, "2026-09-01T10:00:00.000Z", "", toolUse("t1", "Task"))
        .getBytes(StandardCharsets.UTF_8).length;
    assertThat(c.offset()).as("the cursor waits at msg_S, after msg_M").isEqualTo(firstLine);
  }

  @Test
  void truncated_or_replaced_file_is_read_again_from_the_start() throws IOException {
    atRest();
    Path file = write("p/s.jsonl",
        assistant("msg_A", "req_A", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z"),
        assistant("msg_B", "req_B", 1, 10, 0, 0, "2026-09-01T10:00:02.000Z"));
    CollectingSink sink = new CollectingSink();
    FileCursor c1 = source.parserFor(file).read(file, FileCursor.START, sink);

    write("p/s.jsonl", assistant("msg_C", "req_C", 1, 10, 0, 0, "2026-09-01T10:00:03.000Z")); // shorter: truncated
    FileCursor c2 = source.parserFor(file).read(file, c1, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_A", "msg_B", "msg_C");

    // same size, different first bytes: rotated / replaced
    write("p/s.jsonl", assistant("msg_D", "req_D", 1, 10, 0, 0, "2026-09-01T10:00:03.000Z"));
    source.parserFor(file).read(file, c2, sink);
    assertThat(sink.usages).extracting(ParsedUsage::messageId).containsExactly("msg_A", "msg_B", "msg_C", "msg_D");
  }

  @Test
  void last_line_without_newline_is_taken_only_when_complete_and_at_rest() throws IOException {
    String line = assistant("msg_A", "req_A", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z");
    Path file = write("p/s.jsonl", line.substring(0, line.length() - 1));
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).isEmpty();
    atRest();
    c = source.parserFor(file).read(file, c, sink);
    assertThat(sink.usages).hasSize(1);
    assertThat(c.offset()).isEqualTo(Files.size(file));
    append(file, "\n");
    source.parserFor(file).read(file, c, sink);
    assertThat(sink.usages).hasSize(1);
  }

  @Test
  void a_truncated_user_line_at_the_end_is_not_taken_even_at_rest() throws IOException {
    String user = user("a long tool result");
    Path file = write("p/s.jsonl", assistant("msg_A", "req_A", 1, 10, 0, 0, "2026-09-01T10:00:01.000Z"),
        user.substring(0, user.indexOf("\"message\"")) + "\"message\":{\"role\":\"user\"}");
    atRest();
    CollectingSink sink = new CollectingSink();
    FileCursor c = source.parserFor(file).read(file, FileCursor.START, sink);
    assertThat(sink.usages).hasSize(1);
    assertThat(c.offset()).as("the unterminated, incomplete object waits").isLessThan(Files.size(file));
  }

  // ---------------------------------------------------------------- discovery

  @Test
  void discover_honours_claude_config_dir_list_else_both_default_roots() throws IOException {
    Path home = dir.resolve("home");
    write("home/.claude/projects/-p/a.jsonl", user("x"));
    write("home/.config/claude/projects/-p/b.jsonl", user("x"));
    write("home/.config/claude/projects/-p/b/subagents/agent-x.jsonl", user("x"));
    write("home/.config/claude/projects/-p/b/subagents/agent-x.meta.json", "{}");
    write("alt1/projects/-q/c.jsonl", user("x"));
    write("alt2/projects/-q/d.jsonl", user("x"));

    var defaults = new dev.tokenledger.agent.source.SourceEnvironment(Map.of(), home);
    assertThat(source.discover(defaults)).extracting(p -> home.relativize(p).toString()).containsExactly(
        ".claude/projects/-p/a.jsonl",
        ".config/claude/projects/-p/b.jsonl",
        ".config/claude/projects/-p/b/subagents/agent-x.jsonl");

    var configured = new dev.tokenledger.agent.source.SourceEnvironment(
        Map.of("CLAUDE_CONFIG_DIR", dir.resolve("alt1") + " , " + dir.resolve("alt2/projects") + ",/nonexistent"), home);
    assertThat(source.discover(configured)).extracting(p -> p.getFileName().toString())
        .containsExactly("c.jsonl", "d.jsonl");

    var xdg = new dev.tokenledger.agent.source.SourceEnvironment(Map.of("XDG_CONFIG_HOME", dir.resolve("nowhere").toString()), home);
    assertThat(source.discover(xdg)).extracting(p -> p.getFileName().toString()).containsExactly("a.jsonl");

    var empty = new dev.tokenledger.agent.source.SourceEnvironment(Map.of(), dir.resolve("no-home"));
    assertThat(source.discover(empty)).isEmpty();
  }
}
