package dev.tokenledger.agent.efficiency;

import dev.tokenledger.events.SourceTool;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the agent knows of one assistant session in one repository: who, where, and the span of its
 * events (event times) and when its last event was seen (this machine's clock).
 *
 * @param repository the repository root the session worked in (never published)
 */
public record TrackedSession(String orgId, String userId, String team, SourceTool source, String sessionId,
    String projectId, String branch, Path repository, Instant firstEvent, Instant lastEvent, Instant lastSeen) {

  /** The session with one more event. */
  TrackedSession with(Instant eventTime, Instant seen, String latestBranch) {
    return new TrackedSession(orgId, userId, team, source, sessionId, projectId,
        latestBranch == null ? branch : latestBranch, repository,
        eventTime.isBefore(firstEvent) ? eventTime : firstEvent, eventTime.isAfter(lastEvent) ? eventTime : lastEvent,
        seen.isAfter(lastSeen) ? seen : lastSeen);
  }
}
