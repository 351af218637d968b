package dev.tokenledger.agent.source.claude;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.Timestamps;
import dev.tokenledger.agent.source.ToolCallCounter;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streaming copies of one Claude Code response seen so far (same key): the copy with the largest
 * total wins (ties: the later copy), tool calls of every copy are merged (by {@code tool_use} id, else
 * counted by name), and a copy with a usage value that is not a count withholds the whole response.
 * {@link #toUsage} builds the request from the best copy and the file's context (session, sub-agent,
 * role), labelled LOWER_BOUND when no copy has the final usage ({@link #lowerBound}).
 */
final class ClaudeResponseGroup {

  private static final String PROVIDER = "anthropic";

  private final ClaudeFileContext context;
  final String key;
  final long firstOffset;
  long lastOffset;
  ClaudeLine best;
  /** A copy carried a usage value that is not a count: the response is not billed. */
  boolean invalid;
  /** Some copy carried a stop reason: the final usage was written. */
  boolean finalSeen;
  /** Text and thinking characters over all copies (see {@link #lowerBound}). */
  long contentChars;
  final Map<String, String> toolsById = new LinkedHashMap<>();
  final ToolCallCounter toolsWithoutId = new ToolCallCounter();

  ClaudeResponseGroup(String key, long firstOffset, ClaudeFileContext context) {
    this.key = key;
    this.firstOffset = firstOffset;
    this.context = context;
  }

  void add(ClaudeLine line, long offset) {
    lastOffset = offset;
    if (!line.invalid.isEmpty()) {
      invalid = true;
      return;
    }
    finalSeen |= line.stopReason;
    contentChars += line.contentChars;
    if (best == null || line.total() >= best.total()) {
      best = line; // largest total; ties go to the later copy
    }
    for (String[] use : line.toolUses) {
      if (use[0] != null) {
        toolsById.putIfAbsent(use[0], use[1]);
      } else {
        toolsWithoutId.add(use[1]);
      }
    }
  }

  /** Characters per output token assumed by {@link #lowerBound}: English prose and code run 3.5–4.5. */
  static final int CHARS_PER_TOKEN = 4;

  /**
   * True when the counts are a lower bound (ADR 0145): no copy of the response carries a stop reason (so
   * none was written with the final usage: Claude Code can leave only streaming copies, whose
   * {@code output_tokens} is the count when the copy was written) and the text and thinking of all its
   * copies imply more output tokens (characters / {@value #CHARS_PER_TOKEN}) than the best copy records.
   * A response with a stop reason, or whose content is consistent with its count, is provider-final.
   */
  boolean lowerBound() {
    return !finalSeen && best != null && contentChars / CHARS_PER_TOKEN > best.output;
  }

  ParsedUsage toUsage() {
    ClaudeLine b = best;
    ToolCallCounter tools = new ToolCallCounter();
    toolsById.values().forEach(tools::add);
    toolsWithoutId.toList().forEach(c -> {
      for (int i = 0; i < c.getCount(); i++) {
        tools.add(c.getName().toString());
      }
    });
    // every field given: the constructor (a builder copies the schema's field list for each record)
    TokenCounts tokens = new TokenCounts(b.input, b.output, b.cacheWrite5m(), b.cacheWrite1h(), b.cacheRead, b.thinking,
        0L);
    boolean sidechain = b.sidechain || context.subAgentFile();
    // a 2.1.x sub-agent file belongs to the session of its directory (its lines carry that id too)
    String sessionId = context.parentSessionId() != null ? context.parentSessionId()
        : firstNonBlank(b.sessionId, context.fileSessionId(), "unknown");
    String parentSession = context.parentSessionId();
    if (parentSession == null && context.subAgentFile() && !sessionId.equals("unknown")) {
      parentSession = sessionId; // 2.0.x agent file: the line carries the parent's session id
    }
    String agentName = firstNonBlank(b.agentId, context.agentId(), null);
    String role = context.agentRole() != null ? context.agentRole() : sidechain ? "subagent" : "main";
    return new ParsedUsage(
        SourceTool.CLAUDE_CODE,
        blankToNull(b.version),
        key,
        PROVIDER,
        b.model,
        b.time != null ? b.time : Timestamps.parse(b.timestamp),
        sessionId,
        parentSession,
        agentName,
        role,
        null,
        sidechain,
        blankToNull(b.requestId),
        blankToNull(b.messageId),
        tokens,
        blankToNull(b.serviceTier),
        blankToNull(b.speed),
        b.webSearch,
        b.webFetch,
        tools.toList(),
        lowerBound() ? Accuracy.LOWER_BOUND : Accuracy.EXACT,
        b.costUsd,
        blankToNull(b.cwd),
        branch(b.gitBranch),
        null,
        null);
  }

  private static String branch(String branch) {
    // "" = not a repository; "HEAD" = detached: leave it to the agent's git lookup
    return branch == null || branch.isBlank() || branch.equals("HEAD") ? null : branch;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String firstNonBlank(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return fallback;
  }
}
