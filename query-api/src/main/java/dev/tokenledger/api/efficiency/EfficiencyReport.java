package dev.tokenledger.api.efficiency;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The efficiency figures of a question, as {@code GET /v1/efficiency} answers them (docs/efficiency.md
 * defines each). A null figure is not computable (e.g. a cost per session without sessions).
 */
public record EfficiencyReport(
    EfficiencyQuery query,
    Cache cache,
    Activity activity,
    CommitFigures commits,
    List<OutlierSession> outlierSessions,
    List<ShareFigure> shareByAgent,
    List<ShareFigure> shareByWorkflowStep,
    List<ZombieServer> zombieMcpServers,
    List<Smell> smells) {

  public EfficiencyReport {
    Objects.requireNonNull(query, "query");
    outlierSessions = List.copyOf(outlierSessions);
    shareByAgent = List.copyOf(shareByAgent);
    shareByWorkflowStep = List.copyOf(shareByWorkflowStep);
    zombieMcpServers = List.copyOf(zombieMcpServers);
    smells = List.copyOf(smells);
  }

  /**
   * @param hitRatio cache reads / (input + cache writes + cache reads), or null without prompt tokens
   * @param meetsTarget hit ratio at or above the target, or null without a ratio
   * @param savingsUsd what the cache reads would have cost at the input price minus what they cost (per event, per model)
   */
  public record Cache(BigDecimal hitRatio, BigDecimal target, Boolean meetsTarget, BigDecimal savingsUsd, long cacheReadTokens,
      long cacheWriteTokens, long inputTokens) {}

  public record Activity(long sessions, long calls, BigDecimal costUsd, BigDecimal costPerSessionUsd, long activeMinutes,
      BigDecimal costPerActiveMinuteUsd, BigDecimal tokensPerCall) {}

  /**
   * @param collected false while the organisation has no commit data at all (every figure then 0 or null)
   * @param sessions the sessions that saw the commits
   * @param costUsd the cost of those sessions in the range (null when not collected)
   */
  public record CommitFigures(boolean collected, long commits, long linesAdded, long linesRemoved, long sessions, BigDecimal costUsd,
      BigDecimal costPerCommitUsd, BigDecimal costPerChangedLineUsd) {}

  public record OutlierSession(String sessionId, String user, BigDecimal costUsd, BigDecimal userMedianUsd, BigDecimal ratio,
      long userSessions) {}

  /** @param share cost / the range's total cost, or null when the total is 0 */
  public record ShareFigure(String key, long calls, BigDecimal costUsd, BigDecimal share) {}

  public record ZombieServer(String server, long configuredUsers, Instant lastCall) {}

  /**
   * A pattern that wastes money, with the number that shows it ({@code value}), the limit it crossed
   * ({@code threshold}) and what to do.
   */
  public record Smell(String code, Severity severity, String finding, String recommendation, BigDecimal value, BigDecimal threshold) {}

  public enum Severity {
    INFO, WARNING;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
