package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.util.Optional;

/** The cache hit ratio is below the configured target (with at least {@code smell_min_calls} calls). */
final class CacheBelowTarget implements SmellRule {

  @Override
  public String code() {
    return "cache_hit_below_target";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    EfficiencyReport.Cache c = report.cache();
    if (c.hitRatio() == null || facts.totals().calls() < settings.smellMinCalls() || c.hitRatio().compareTo(c.target()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Smell(code(), Severity.WARNING,
        "cache hit ratio " + c.hitRatio().toPlainString() + " is below the target " + c.target().toPlainString() + ": "
            + c.cacheReadTokens() + " cache-read tokens of " + facts.totals().promptTokens() + " prompt tokens",
        "Keep the start of the prompt stable so the provider's cache is reused: do not edit instruction files or switch models in the"
            + " middle of a session, resume sessions instead of starting new ones for the same task, and avoid idle gaps longer than"
            + " the cache lifetime (5 minutes by default).",
        c.hitRatio(), c.target()));
  }
}
