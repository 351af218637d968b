package dev.tokenledger.agent.source.claude;

import static dev.tokenledger.agent.source.claude.ClaudeLines.assistant;
import static dev.tokenledger.agent.source.claude.ClaudeLines.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClaudeResponseGroupTest {

  private static ClaudeLine line(String json) throws IOException {
    byte[] b = json.trim().getBytes(StandardCharsets.UTF_8);
    return new ClaudeLineParser().parse(b, 0, b.length);
  }

  private static final ClaudeFileContext MAIN = new ClaudeFileContext("sess-1", null, null, null);

  @Test
  void the_largest_copy_wins_ties_go_to_the_later_copy_and_tools_of_every_copy_are_kept() throws IOException {
    ClaudeResponseGroup g = new ClaudeResponseGroup("k", 10, MAIN);
    g.add(line(assistant("msg_A", "req_A", 500, 10, 100, 0, "2026-09-01T10:00:01.000Z", "",
        toolUse("tu_1", "Bash"))), 10);
    g.add(line(assistant("msg_A", "req_A", 20, 590, 100, 0, "2026-09-01T10:00:02.000Z", "",
        toolUse("tu_1", "Bash") + "," + toolUse("tu_2", "mcp__github__create_issue"))), 20);
    g.add(line(assistant("msg_A", "req_A", 590, 20, 100, 0, "2026-09-01T10:00:03.000Z")), 30);

    assertThat(g.firstOffset).isEqualTo(10);
    assertThat(g.lastOffset).isEqualTo(30);
    assertThat(g.invalid).isFalse();
    ParsedUsage u = g.toUsage();
    assertThat(u.eventTime()).hasToString("2026-09-01T10:00:03Z");
    assertThat(u.tokens().getInput()).isEqualTo(590);
    assertThat(u.tokens().getOutput()).isEqualTo(20);
    assertThat(u.dedupKey()).isEqualTo("k");
    assertThat(u.sessionId()).isEqualTo("sess-1");
    assertThat(u.agentRole()).isEqualTo("main");
    assertThat(u.gitBranch()).isEqualTo("feature/x");
    assertThat(u.toolCalls()).extracting(ToolCall::getName).extracting(Object::toString)
        .containsExactly("Bash", "mcp__github__create_issue");
  }

  @Test
  void a_copy_with_an_unusable_value_withholds_the_response() throws IOException {
    ClaudeResponseGroup g = new ClaudeResponseGroup("k", 0, MAIN);
    g.add(line(assistant("msg_A", "req_A", 5, 1, 0, 0, "2026-09-01T10:00:01.000Z")), 0);
    g.add(line(assistant("msg_A", "req_A", 5, 1, 0, 0, "2026-09-01T10:00:01.000Z").replace("\"output_tokens\":1",
        "\"output_tokens\":-1")), 5);
    assertThat(g.invalid).isTrue();
    assertThat(g.lastOffset).isEqualTo(5);
  }

  @Test
  void a_sub_agent_file_is_a_side_chain_of_its_parent_session() throws IOException {
    ClaudeResponseGroup g = new ClaudeResponseGroup("k", 0, new ClaudeFileContext("agent-x", "agent-x", "parent-s", null));
    g.add(line(assistant("msg_A", "req_A", 5, 1, 0, 0, "2026-09-01T10:00:01.000Z")), 0);
    ParsedUsage u = g.toUsage();
    assertThat(u.sidechain()).isTrue();
    assertThat(u.sessionId()).isEqualTo("parent-s");
    assertThat(u.parentSessionId()).isEqualTo("parent-s");
    assertThat(u.agentName()).isEqualTo("agent-x");
    assertThat(u.agentRole()).isEqualTo("subagent");
  }
}
