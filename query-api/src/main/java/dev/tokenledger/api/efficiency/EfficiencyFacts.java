package dev.tokenledger.api.efficiency;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the warehouse says about the usage of an {@link EfficiencyQuery}: sums and counts, nothing
 * derived. {@link EfficiencyCalculator} turns them into the figures, so every ratio, quotient, median
 * and smell is computed in one place, in plain Java.
 *
 * @param totals the range's totals
 * @param byAgent cost per agent name, largest first (at most the share limit)
 * @param byWorkflowStep cost per workflow step, largest first (at most the share limit)
 * @param sessions every (user, session) with cost in the outlier baseline range (see {@link SessionCost})
 * @param models per normalised model, for the per-model smells
 * @param commits the commits agents saw in the range, or empty when the organisation has no commit data at all
 * @param mcpServers the MCP servers configured in the scope within the zombie window, with their last call
 * @param zombieWindowStart the start of the zombie window (a server not called since is a zombie)
 */
public record EfficiencyFacts(
    Totals totals,
    List<Share> byAgent,
    List<Share> byWorkflowStep,
    List<SessionCost> sessions,
    List<ModelUsage> models,
    Optional<Commits> commits,
    List<McpServer> mcpServers,
    Instant zombieWindowStart) {

  /** Facts without an MCP inventory. */
  public EfficiencyFacts(Totals totals, List<Share> byAgent, List<Share> byWorkflowStep, List<SessionCost> sessions, List<ModelUsage> models,
      Optional<Commits> commits) {
    this(totals, byAgent, byWorkflowStep, sessions, models, commits, List.of(), Instant.EPOCH);
  }

  public EfficiencyFacts {
    Objects.requireNonNull(totals, "totals");
    byAgent = List.copyOf(byAgent);
    byWorkflowStep = List.copyOf(byWorkflowStep);
    sessions = List.copyOf(sessions);
    models = List.copyOf(models);
    Objects.requireNonNull(commits, "commits");
    mcpServers = List.copyOf(mcpServers);
    Objects.requireNonNull(zombieWindowStart, "zombieWindowStart");
  }

  /**
   * The totals of the range.
   *
   * @param calls requests (priced events)
   * @param sessions distinct non-empty session ids
   * @param activeMinutes distinct (user, UTC minute) pairs with at least one request
   */
  public record Totals(long calls, long sessions, long activeMinutes, long inputTokens, long outputTokens, long cacheWrite5mTokens,
      long cacheWrite1hTokens, long cacheReadTokens, BigDecimal costUsd, BigDecimal cacheSavingsUsd) {

    public long cacheWriteTokens() {
      return cacheWrite5mTokens + cacheWrite1hTokens;
    }

    /** Everything sent to the model: uncached input, cache writes and cache reads (disjoint classes). */
    public long promptTokens() {
      return inputTokens + cacheWriteTokens() + cacheReadTokens;
    }

    public long allTokens() {
      return promptTokens() + outputTokens;
    }
  }

  /** The calls and cost of one value of a dimension ({@code ''}: requests without one). */
  public record Share(String key, long calls, BigDecimal costUsd) {}

  /** One session of one user: its first request within the baseline range and its cost there. */
  public record SessionCost(String user, String sessionId, Instant firstRequest, BigDecimal costUsd) {}

  /**
   * One normalised model's usage.
   *
   * @param tokens every token class but reasoning (inside output)
   * @param longContextCalls requests billed in the long-context tier
   * @param trivialCalls requests with at most the trivial output tokens and no tool call
   * @param trivialCostUsd their cost
   */
  public record ModelUsage(String model, long calls, long tokens, BigDecimal costUsd, long longContextCalls, long trivialCalls,
      BigDecimal trivialCostUsd) {}

  /**
   * An MCP server configured (by name) in the assistants' settings of users in the scope, reported within
   * the zombie window.
   *
   * @param configuredUsers the users whose settings name it
   * @param lastCall the last request calling one of its tools, within a year before the window's end, or null
   */
  public record McpServer(String server, long configuredUsers, Instant lastCall) {}

  /**
   * The commits agents saw being made during the question's sessions (those with events in its scope and
   * range), committed within the range, and the cost of those sessions' events in the range.
   *
   * @param sessions the sessions that saw at least one of the commits
   * @param sessionsCostUsd their cost
   */
  public record Commits(long commits, long linesAdded, long linesRemoved, long sessions, BigDecimal sessionsCostUsd) {}
}
