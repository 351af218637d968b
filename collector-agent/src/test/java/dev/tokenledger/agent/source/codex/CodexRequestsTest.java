package dev.tokenledger.agent.source.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.ToolCall;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodexRequestsTest {

  @Test
  void a_request_takes_the_state_s_model_attribution_and_pending_tool_calls_once() throws IOException {
    ObjectNode state = CodexJson.JSON.createObjectNode();
    state.put("s", "sess").put("m", "gpt-5-codex").put("prov", "Azure");
    for (String item : new String[] {
        "{\"type\":\"function_call\",\"name\":\"shell\",\"call_id\":\"c1\"}",
        "{\"type\":\"function_call\",\"name\":\"ignored-name\",\"call_id\":\"c2\"}",
        "{\"type\":\"web_search_call\"}", "{\"type\":\"message\"}"}) {
      CodexToolCalls.requested(state, CodexJson.JSON.readTree(item));
    }
    JsonNode end = CodexJson.JSON.readTree("{\"call_id\":\"c2\",\"invocation\":{\"server\":\"gh\",\"tool\":\"issue\"}}");
    CodexToolCalls.mcpCallEnded(state, end);

    ParsedUsage u = CodexRequests.request(state, "codex|k", new long[] {100, 150, 10, 40, 0}, Accuracy.EXACT,
        Instant.parse("2026-09-01T10:00:00Z"), null, "resp_1");
    assertThat(u.model()).isEqualTo("gpt-5-codex");
    assertThat(u.provider()).isEqualTo("azure");
    assertThat(u.agentRole()).isEqualTo("main");
    assertThat(u.tokens().getInput()).isZero();
    assertThat(u.tokens().getCacheRead()).isEqualTo(100);
    assertThat(u.tokens().getReasoning()).isEqualTo(10);
    assertThat(u.toolCalls()).extracting(ToolCall::getName).containsExactly("web_search", "shell", "mcp__gh__issue");
    assertThat(state.has("tools") || state.has("calls")).isFalse();

    ParsedUsage next = CodexRequests.request(CodexJson.JSON.createObjectNode().put("s", "x"), "k2",
        new long[] {1, 0, 1, 0, 2}, Accuracy.EXACT, Instant.EPOCH, null, null);
    assertThat(next.model()).isEqualTo("gpt-5");
    assertThat(next.accuracy()).isEqualTo(Accuracy.ESTIMATED);
    assertThat(next.toolCalls()).isEmpty();
  }
}
