package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyFacts.Share;
import dev.tokenledger.api.efficiency.EfficiencyFacts.Totals;
import dev.tokenledger.api.efficiency.EfficiencyReport.Activity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Cache;
import dev.tokenledger.api.efficiency.EfficiencyReport.CommitFigures;
import dev.tokenledger.api.efficiency.EfficiencyReport.ShareFigure;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import dev.tokenledger.api.efficiency.EfficiencyReport.ZombieServer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns the warehouse's {@link EfficiencyFacts} into the {@link EfficiencyReport}: every ratio, quotient,
 * median and smell of {@code GET /v1/efficiency}, in plain Java (definitions in docs/efficiency.md).
 */
public final class EfficiencyCalculator {

  private final EfficiencySettings settings;
  private final List<SmellRule> rules;

  public EfficiencyCalculator(EfficiencySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rules = SmellRule.all();
  }

  public EfficiencySettings settings() {
    return settings;
  }

  public EfficiencyReport report(EfficiencyQuery query, EfficiencyFacts facts) {
    Totals t = facts.totals();
    BigDecimal hitRatio = Figures.ratio(t.cacheReadTokens(), t.promptTokens());
    Cache cache = new Cache(hitRatio, settings.cacheHitTarget(), hitRatio == null ? null : hitRatio.compareTo(settings.cacheHitTarget()) >= 0,
        t.cacheSavingsUsd(), t.cacheReadTokens(), t.cacheWriteTokens(), t.inputTokens());
    Activity activity = new Activity(t.sessions(), t.calls(), t.costUsd(), Figures.money(t.costUsd(), t.sessions()), t.activeMinutes(),
        Figures.money(t.costUsd(), t.activeMinutes()), Figures.tokens(t.allTokens(), t.calls()));
    CommitFigures commits = facts.commits()
        .map(c -> new CommitFigures(true, c.commits(), c.linesAdded(), c.linesRemoved(), c.sessions(), c.sessionsCostUsd(),
            Figures.money(c.sessionsCostUsd(), c.commits()), Figures.money(c.sessionsCostUsd(), c.linesAdded() + c.linesRemoved())))
        .orElse(new CommitFigures(false, 0, 0, 0, 0, null, null, null));
    EfficiencyReport report = new EfficiencyReport(query, cache, activity, commits,
        OutlierFinder.find(facts.sessions(), query.start(), settings),
        shares(facts.byAgent(), t.costUsd()), shares(facts.byWorkflowStep(), t.costUsd()), zombies(facts), List.of());
    List<Smell> smells = new ArrayList<>();
    for (SmellRule rule : rules) {
      rule.check(facts, report, settings).ifPresent(smells::add);
    }
    return new EfficiencyReport(query, cache, activity, commits, report.outlierSessions(), report.shareByAgent(),
        report.shareByWorkflowStep(), report.zombieMcpServers(), smells);
  }

  /** Configured servers with no call since the window's start; most configured first, then by name. */
  private static List<ZombieServer> zombies(EfficiencyFacts facts) {
    return facts.mcpServers().stream()
        .filter(m -> m.lastCall() == null || m.lastCall().isBefore(facts.zombieWindowStart()))
        .sorted(Comparator.comparingLong(EfficiencyFacts.McpServer::configuredUsers).reversed()
            .thenComparing(EfficiencyFacts.McpServer::server))
        .map(m -> new ZombieServer(m.server(), m.configuredUsers(), m.lastCall()))
        .toList();
  }

  private static List<ShareFigure> shares(List<Share> rows, BigDecimal total) {
    return rows.stream().map(r -> new ShareFigure(r.key(), r.calls(), r.costUsd(), Figures.ratio(r.costUsd(), total))).toList();
  }
}
