package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.CountsOrigin;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import java.time.Instant;

/**
 * The precedence rules between two priced copies of one provider request (ADR 0145), as pure functions:
 * which requests are matched, how good a copy is, and what a revision looks like.
 *
 * <ul>
 *   <li>Matched: Claude Code events carrying an Anthropic request id — the only source whose log file and
 *       telemetry share an id — by organisation and request id.
 *   <li>Rank: the assistant's telemetry (final counts) above its log file; a copy labelled LOWER_BOUND
 *       below one of the same origin that is not. Later copies of a higher rank revise the kept one; of an
 *       equal or lower rank they are duplicates.
 *   <li>A revision keeps the kept version's event id, attribution (project, branch, commit, team, user,
 *       time — the warehouse row's key columns and every rollup dimension) and model, and takes the better
 *       copy's counts, accuracy, origin, reported cost and price. It records what it replaces (counts,
 *       cost and accuracy label), so that every sum, the not-provider-final ones too, moves by the
 *       difference.
 * </ul>
 */
final class RequestPrecedence {

  private RequestPrecedence() {}

  /** The precedence key of an event within its organisation's task, or null when it is not matched. */
  static String aliasOf(UsageEvent e) {
    String requestId = e.getRequestId();
    if (e.getSource() != SourceTool.CLAUDE_CODE || requestId == null || requestId.isBlank()) {
      return null;
    }
    return e.getOrgId() + "|" + requestId;
  }

  /** How good a copy's counts are: higher wins. */
  static int rank(UsageEvent e) {
    int origin = e.getCountsOrigin() == CountsOrigin.TELEMETRY ? 2 : 0;
    return origin + (e.getAccuracy() == Accuracy.LOWER_BOUND ? 0 : 1);
  }

  /** True when {@code later} must replace {@code kept}. */
  static boolean revises(PricedUsage kept, PricedUsage later) {
    return rank(later.getEvent()) > rank(kept.getEvent());
  }

  /**
   * The next version of {@code kept}: its identity and attribution with {@code better}'s counts and cost;
   * priced strictly after {@code kept} (the warehouse keeps the row of the highest version).
   */
  static PricedUsage revision(PricedUsage kept, PricedUsage better) {
    UsageEvent k = kept.getEvent();
    UsageEvent b = better.getEvent();
    UsageEvent merged = UsageEvent.newBuilder(k)
        .setTokens(b.getTokens())
        .setAccuracy(b.getAccuracy())
        .setCountsOrigin(b.getCountsOrigin())
        .setReportedCostUsd(b.getReportedCostUsd() != null ? b.getReportedCostUsd() : k.getReportedCostUsd())
        .setSourceVersion(k.getSourceVersion() != null ? k.getSourceVersion() : b.getSourceVersion())
        .build();
    long pricedAfter = Math.max(better.getPricedTime().toEpochMilli(), kept.getPricedTime().toEpochMilli() + 1);
    return PricedUsage.newBuilder(better)
        .setEvent(merged)
        .setNormalizedModel(kept.getNormalizedModel())
        .setPricedTime(Instant.ofEpochMilli(pricedAfter))
        .setRevision(kept.getRevision() + 1)
        .setReplacedInputTokens(k.getTokens().getInput())
        .setReplacedOutputTokens(k.getTokens().getOutput())
        .setReplacedCacheWrite5mTokens(k.getTokens().getCacheWrite5m())
        .setReplacedCacheWrite1hTokens(k.getTokens().getCacheWrite1h())
        .setReplacedCacheReadTokens(k.getTokens().getCacheRead())
        .setReplacedReasoningTokens(k.getTokens().getReasoning())
        .setReplacedToolTokens(k.getTokens().getTool())
        .setReplacedInputCost(kept.getCost().getInput())
        .setReplacedOutputCost(kept.getCost().getOutput())
        .setReplacedCacheWrite5mCost(kept.getCost().getCacheWrite5m())
        .setReplacedCacheWrite1hCost(kept.getCost().getCacheWrite1h())
        .setReplacedCacheReadCost(kept.getCost().getCacheRead())
        .setReplacedCostTotal(kept.getCost().getTotal())
        .setReplacedCacheSavings(kept.getCacheSavings())
        .setReplacedAccuracy(k.getAccuracy() == null ? "" : k.getAccuracy().name())
        .build();
  }
}
