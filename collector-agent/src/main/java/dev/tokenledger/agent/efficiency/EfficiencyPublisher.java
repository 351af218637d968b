package dev.tokenledger.agent.efficiency;

import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import java.util.List;

/**
 * Sends the efficiency records to their topics and returns once the broker has acknowledged every one;
 * throws (any runtime exception) when it could not, so the caller keeps them to try again. Delivery is at
 * least once: each record has a deterministic id and the warehouse keeps one row per id (ADR 0620).
 */
public interface EfficiencyPublisher {

  void commits(List<SessionCommit> commits);

  void inventory(List<McpInventoryEntry> entries);
}
