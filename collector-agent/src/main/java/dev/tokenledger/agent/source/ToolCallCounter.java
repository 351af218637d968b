package dev.tokenledger.agent.source;

import dev.tokenledger.events.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts tool calls by name and splits MCP names {@code mcp__<server>__<tool>}. */
public final class ToolCallCounter {

  private final Map<String, Integer> counts = new LinkedHashMap<>();

  public void add(String name) {
    if (name != null && !name.isBlank()) {
      counts.merge(name, 1, Integer::sum);
    }
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public void clear() {
    counts.clear();
  }

  /** The calls, in first-seen order. */
  public List<ToolCall> toList() {
    List<ToolCall> calls = new ArrayList<>(counts.size());
    counts.forEach((name, n) -> calls.add(toolCall(name, n)));
    return calls;
  }

  /** A tool call record; MCP server and tool are filled for {@code mcp__<server>__<tool>} names. */
  public static ToolCall toolCall(String name, int count) {
    String[] mcp = splitMcp(name);
    return ToolCall.newBuilder()
        .setName(name)
        .setMcpServer(mcp == null ? null : mcp[0])
        .setMcpTool(mcp == null ? null : mcp[1])
        .setCount(count)
        .build();
  }

  /**
   * {@code [server, tool]} for {@code mcp__<server>__<tool>} (the server is everything up to the
   * first {@code __} after the prefix, so single underscores stay in the server name), else null.
   */
  public static String[] splitMcp(String name) {
    if (name == null || !name.startsWith("mcp__")) {
      return null;
    }
    int sep = name.indexOf("__", 5);
    if (sep <= 5 || sep + 2 >= name.length()) {
      return null;
    }
    return new String[] {name.substring(5, sep), name.substring(sep + 2)};
  }
}
