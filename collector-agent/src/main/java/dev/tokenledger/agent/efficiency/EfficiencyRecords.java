package dev.tokenledger.agent.efficiency;

import dev.tokenledger.agent.commits.SeenCommit;
import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.SourceTool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The records the agent publishes for the efficiency figures (ADR 0620), with their deterministic ids:
 * a commit is {@code org|project|hash} (two sessions or two publications of one commit are one row), an
 * inventory entry {@code org|user|host|source|server|observed millis}.
 */
public final class EfficiencyRecords {

  private EfficiencyRecords() {}

  public static String commitId(String orgId, String projectId, String hash) {
    return orgId + "|" + projectId + "|" + hash;
  }

  /** The record of a commit seen in a finished session, observed at {@code observed}. */
  public static SessionCommit commit(TrackedSession s, SeenCommit c, Instant observed) {
    return SessionCommit.newBuilder()
        .setCommitId(commitId(s.orgId(), s.projectId(), c.hash()))
        .setOrgId(s.orgId())
        .setUserId(s.userId())
        .setTeam(s.team())
        .setSource(s.source())
        .setSessionId(s.sessionId())
        .setProjectId(s.projectId())
        .setBranch(s.branch())
        .setCommitHash(c.hash())
        .setCommitTime(c.committed().truncatedTo(ChronoUnit.MILLIS))
        .setLinesAdded(c.linesAdded())
        .setLinesRemoved(c.linesRemoved())
        .setFilesChanged(c.filesChanged())
        .setObservedTime(observed.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  /** One record per configured server, all stamped {@code observed} (cut to whole seconds, as the warehouse keeps it). */
  public static List<McpInventoryEntry> inventory(String orgId, String userId, String team, String host,
      Collection<ConfiguredMcpServer> servers, Instant observed) {
    Instant at = observed.truncatedTo(ChronoUnit.SECONDS);
    List<McpInventoryEntry> out = new ArrayList<>();
    for (ConfiguredMcpServer s : servers) {
      SourceTool source = sourceTool(s.source());
      out.add(McpInventoryEntry.newBuilder()
          .setEntryId(orgId + "|" + userId + "|" + host + "|" + source + "|" + s.server() + "|" + at.toEpochMilli())
          .setOrgId(orgId)
          .setUserId(userId)
          .setTeam(team)
          .setHost(host)
          .setSource(source)
          .setServer(s.server())
          .setObservedTime(at)
          .build());
    }
    return out;
  }

  private static SourceTool sourceTool(String name) {
    try {
      return SourceTool.valueOf(name);
    } catch (IllegalArgumentException e) {
      return SourceTool.OTHER;
    }
  }
}
