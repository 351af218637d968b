package dev.tokenledger.agent.source.claude;

/** Hand-made Claude Code transcript lines in the real 2.1.x shape, for trap tests. */
final class ClaudeLines {

  private ClaudeLines() {}

  static String assistant(String msgId, String reqId, long in, long out, long cc, long cr, String ts) {
    return assistant(msgId, reqId, in, out, cc, cr, ts, "", "{\"type\":\"text\",\"text\":\"secret answer text\"}");
  }

  /** {@code extraTop} is inserted among the top-level fields (e.g. {@code "isSidechain":true,}). */
  static String assistant(String msgId, String reqId, long in, long out, long cc, long cr, String ts,
      String extraTop, String content) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/dev/repo\","
        + "\"sessionId\":\"sess-1\",\"version\":\"2.1.39\",\"gitBranch\":\"feature/x\"," + extraTop
        + "\"message\":{\"model\":\"claude-opus-4-6\",\"id\":\"" + msgId + "\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[" + content + "],\"stop_reason\":null,\"usage\":{"
        + "\"input_tokens\":" + in + ",\"cache_creation_input_tokens\":" + cc
        + ",\"cache_read_input_tokens\":" + cr + ",\"output_tokens\":" + out + "}},"
        + "\"requestId\":\"" + reqId + "\",\"type\":\"assistant\",\"uuid\":\"u-" + msgId + "-" + out
        + "\",\"timestamp\":\"" + ts + "\"}\n";
  }

  static String toolUse(String id, String name) {
    return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
        + "\",\"input\":{\"command\":\"cat /etc/secret\"}}";
  }

  static String user(String text) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/home/dev/repo\",\"sessionId\":\"sess-1\","
        + "\"version\":\"2.1.39\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text
        + "\"},\"uuid\":\"uu\",\"timestamp\":\"2026-09-01T10:00:00.000Z\"}\n";
  }

  /** A 2.1.x agent_progress line in the parent file embedding a copy of a sub-agent response. */
  static String agentProgress(String msgId, String reqId, long in, long out) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/home/dev/repo\",\"sessionId\":\"sess-1\","
        + "\"version\":\"2.1.39\",\"type\":\"progress\",\"data\":{\"type\":\"agent_progress\",\"message\":"
        + "{\"type\":\"assistant\",\"message\":{\"model\":\"claude-haiku-4-5\",\"id\":\"" + msgId
        + "\",\"content\":[],\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out
        + "}},\"requestId\":\"" + reqId + "\"}},\"uuid\":\"p-" + msgId + "\",\"timestamp\":\"2026-09-01T10:00:05.000Z\"}\n";
  }
}
