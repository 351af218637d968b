package dev.tokenledger.agent.source.claude;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The usage-relevant fields of one Claude Code transcript line (no content is kept). */
final class ClaudeLine {
  String type;
  String uuid;
  String timestamp;
  /** {@link #timestamp} parsed (set by the parser once the line is known to count). */
  java.time.Instant time;
  String sessionId;
  String cwd;
  String gitBranch;
  String version;
  boolean sidechain;
  String agentId;
  String requestId;
  boolean apiError;
  BigDecimal costUsd;

  String messageId;
  String model;
  boolean hasUsage;
  long input;
  long output;
  long cacheCreation = -1; // -1 = field absent
  long cacheRead;
  long ephemeral5m = -1;
  long ephemeral1h = -1;
  long thinking;
  int webSearch;
  int webFetch;
  String serviceTier;
  String speed;
  /** message.stop_reason was present and not null: the line carries the response's final usage. */
  boolean stopReason;
  /** Characters of the line's text and thinking blocks (counted, never kept): for the lower-bound label. */
  long contentChars;

  /** Usage values that are not what they must be (field and reason); such a line is never billed. */
  final List<String> invalid = new ArrayList<>(0);

  /** Where the scanner found the line's newline when reading up to it (-1: not found, or not so read). */
  int newline = -1;
  /** Where the scanner stopped in a line it did not read to the end (after a type other than assistant). */
  int stoppedAt = -1;

  /** tool_use blocks of this line: id (may be null), name. */
  final List<String[]> toolUses = new ArrayList<>(); // no array until the first tool use

  /** All cache writes: the reported total, or the 5m/1h breakdown when the total is absent or smaller. */
  long cacheWrite() {
    long breakdown = ephemeralSum();
    return cacheCreation >= 0 ? Math.max(cacheCreation, breakdown) : Math.max(breakdown, 0);
  }

  /** 1-hour cache writes (0 without the breakdown). */
  long cacheWrite1h() {
    return Math.max(ephemeral1h, 0);
  }

  /** 5-minute (or unknown-lifetime) cache writes: all writes minus the 1-hour ones. */
  long cacheWrite5m() {
    return Math.max(cacheWrite() - cacheWrite1h(), 0);
  }

  /** input + output + cache writes + cache reads: the size used to pick the final streaming copy. */
  long total() {
    return input + output + cacheWrite() + cacheRead;
  }

  long ephemeralSum() {
    if (ephemeral5m < 0 && ephemeral1h < 0) {
      return -1;
    }
    return Math.max(ephemeral5m, 0) + Math.max(ephemeral1h, 0);
  }
}
