package dev.tokenledger.agent.source.codex;

import static dev.tokenledger.agent.source.codex.CodexJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.ToolCallCounter;
import dev.tokenledger.events.ToolCall;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of the response being built, kept in the parser state until its usage is read.
 * Calls with a {@code call_id} are kept by id so that the {@code mcp_tool_call_end} event of the same
 * call can name its MCP server and tool ({@code mcp__<server>__<tool>}); calls without one are counted
 * by name.
 */
final class CodexToolCalls {

  private CodexToolCalls() {}

  /** A tool call requested by the model ({@code response_item}). */
  static void requested(ObjectNode state, JsonNode p) {
    String type = p.path("type").asText("");
    String name = switch (type) {
      case "function_call", "custom_tool_call" -> text(p.path("name"));
      case "local_shell_call" -> "local_shell";
      case "web_search_call" -> "web_search";
      default -> null;
    };
    if (name == null) {
      return;
    }
    String callId = text(p.path("call_id"));
    if (callId != null) {
      calls(state).put(callId, name);
    } else {
      ObjectNode tools = state.has("tools") ? (ObjectNode) state.get("tools") : state.putObject("tools");
      tools.put(name, tools.path(name).asInt(0) + 1);
    }
  }

  /** An MCP call finished: its call is {@code mcp__<server>__<tool>}. */
  static void mcpCallEnded(ObjectNode state, JsonNode p) {
    JsonNode invocation = p.path("invocation");
    String server = text(invocation.path("server"));
    String tool = text(invocation.path("tool"));
    if (server == null || tool == null) {
      return;
    }
    String callId = text(p.path("call_id"));
    calls(state).put(callId != null ? callId : "mcp-" + calls(state).size(), "mcp__" + server + "__" + tool);
  }

  /** The calls kept so far, removed from the state (they belong to the request being emitted). */
  static List<ToolCall> drain(ObjectNode state) {
    ToolCallCounter tools = new ToolCallCounter();
    if (state.has("tools")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = state.get("tools").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        for (int i = 0; i < e.getValue().asInt(); i++) {
          tools.add(e.getKey());
        }
      }
      state.remove("tools");
    }
    if (state.has("calls")) {
      state.get("calls").forEach(n -> tools.add(n.asText()));
      state.remove("calls");
    }
    return tools.toList();
  }

  private static ObjectNode calls(ObjectNode state) {
    return state.has("calls") ? (ObjectNode) state.get("calls") : state.putObject("calls");
  }
}
