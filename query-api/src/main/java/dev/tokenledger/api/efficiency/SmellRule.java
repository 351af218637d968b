package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.util.Optional;

/** One pattern that wastes money: a code, when it shows in the facts and figures, and what to do about it. */
interface SmellRule {

  /** The smell's code in answers, e.g. {@code cache_writes_without_reads}. */
  String code();

  /** The smell when the figures show it; {@code report} has every figure but the smells. */
  Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings);

  /** The rules, in the order their smells are listed. */
  static java.util.List<SmellRule> all() {
    return java.util.List.of(new CacheBelowTarget(), new CacheWritesWithoutReads(), new FrequentLongContext(),
        new ExpensiveModelOnTrivialTurns(), new SessionCostOutliers(), new ZombieMcpServers());
  }
}
