package dev.tokenledger.agent.event;

import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import java.util.Optional;
import java.util.UUID;

/**
 * A second id for an event, shared by every source that can report the same billed request: a Claude
 * Code request read from its log (event id from the message id, ADR 0101) and the same request seen in
 * Claude Code's OpenTelemetry {@code api_request} event (no message id there) both carry the Anthropic
 * request id. The journal spools an event only when neither its id nor its alias was seen (ADR 0140),
 * except a telemetry copy after a log copy, which goes out as the better copy; the stream processor then
 * keeps one version per request (ADR 0145).
 */
public final class RequestAliases {

  private RequestAliases() {}

  /**
   * True for a copy that is published even when its request's alias was seen (ADR 0145): Claude Code's
   * telemetry has the final counts, so after the log file's copy it goes out too, and the stream
   * processor revises the log copy with it. Its own event id still stops a re-sent export; a log copy
   * after telemetry is still dropped here (telemetry is never worse).
   */
  public static boolean passesSeenAlias(UsageEvent e) {
    return e.getCountsOrigin() == dev.tokenledger.events.CountsOrigin.TELEMETRY;
  }

  /** The alias of the event, if its source has one. */
  public static Optional<UUID> of(UsageEvent e) {
    if (e.getSource() != SourceTool.CLAUDE_CODE || e.getRequestId() == null) {
      return Optional.empty();
    }
    String requestId = e.getRequestId().toString().trim();
    if (requestId.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventIds.uuid(SourceTool.CLAUDE_CODE, "claude-code|request-alias|" + requestId));
  }
}
