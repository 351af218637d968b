package dev.tokenledger.agent.source.claude;

/**
 * The dedup key of a Claude Code request. It must be the same for every copy of one billed
 * response, wherever the copy is written: the streaming copies in one file, the sub-agent file and
 * the parent's {@code agent_progress} copy, a resumed or forked session file, and a side-question
 * ({@code /btw}) replay that repeats a parent message under a different {@code requestId}. The
 * Anthropic {@code message.id} is unique per response, so it alone is the key; without it the
 * {@code requestId}; without both the line's own {@code uuid} within its session (such lines are
 * never de-duplicated, as in ccusage). See docs/adr/0101-claude-dedup-key.md.
 */
final class ClaudeKeys {

  private ClaudeKeys() {}

  static String dedupKey(ClaudeLine line, ClaudeFileContext context) {
    if (line.messageId != null && !line.messageId.isBlank()) {
      return "claude-code|msg|" + line.messageId;
    }
    if (line.requestId != null && !line.requestId.isBlank()) {
      return "claude-code|req|" + line.requestId;
    }
    String session = line.sessionId != null ? line.sessionId : context.fileSessionId();
    String uuid = line.uuid != null ? line.uuid : line.timestamp + "|" + line.total();
    return "claude-code|line|" + session + "|" + uuid;
  }
}
