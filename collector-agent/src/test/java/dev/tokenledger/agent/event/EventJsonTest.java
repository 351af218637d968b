package dev.tokenledger.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed line is exactly the tree ({@link EventJson#toNode}) written as text. */
class EventJsonTest {

  private static final ObjectMapper TREE_WRITER =
      new ObjectMapper().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static void sameAsTheTree(UsageEvent e) throws Exception {
    String tree = TREE_WRITER.writeValueAsString(EventJson.toNode(e));
    assertThat(EventJson.toLine(e)).isEqualTo(tree);
    assertThat(new String(EventJson.toLineBytes(e), StandardCharsets.UTF_8)).isEqualTo(tree);
  }

  @Test
  void aPlainEventWithNulls() throws Exception {
    sameAsTheTree(UsageEvents.claude("e1", Instant.parse("2026-09-05T23:26:38.773Z")).build());
  }

  @Test
  void everyKindOfValue() throws Exception {
    sameAsTheTree(UsageEvents.claude("e2", Instant.parse("2026-09-05T23:26:38Z"))
        .setReportedCostUsd(new BigDecimal("1E-9").setScale(9))
        .setNotes("quote \" backslash \\ newline \n tab \t control \u0001 unicode é 日本 😀")
        .setWorktree("/home/ünïcode/project")
        .setIsSidechain(true)
        .setWebSearchRequests(3)
        .setTokens(UsageEvents.tokens(Long.MAX_VALUE, 0, 5, 6, 7))
        .setToolCalls(List.of(ToolCall.newBuilder().setName("mcp__github__create_issue").setMcpServer("github")
            .setMcpTool("create_issue").setCount(2).build(), ToolCall.newBuilder().setName("Task").setMcpServer(null)
            .setMcpTool(null).setCount(1).build()))
        .build());
    sameAsTheTree(UsageEvents.claude("e3", Instant.parse("2026-09-05T23:26:38.000000001Z"))
        .setReportedCostUsd(new BigDecimal("123456789.123456789")).build());
  }
}
