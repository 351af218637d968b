package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.math.BigDecimal;
import java.util.Optional;

/** At least {@code long_context_share} of the calls (and {@code smell_min_calls} calls) billed in the long-context tier. */
final class FrequentLongContext implements SmellRule {

  @Override
  public String code() {
    return "frequent_long_context";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    long calls = facts.totals().calls();
    long longContext = facts.models().stream().mapToLong(EfficiencyFacts.ModelUsage::longContextCalls).sum();
    if (longContext == 0 || calls < settings.smellMinCalls()) {
      return Optional.empty();
    }
    BigDecimal share = Figures.ratio(longContext, calls);
    if (share.compareTo(settings.longContextShare()) < 0) {
      return Optional.empty();
    }
    return Optional.of(new Smell(code(), Severity.WARNING,
        longContext + " of " + calls + " calls (" + share.toPlainString() + ") were billed in the long-context tier"
            + " (a prompt above the model's long-context threshold, e.g. 200k tokens)",
        "Long-context requests pay the higher rate on every token class: compact or clear the conversation between tasks"
            + " (/compact, /clear), split large tasks into sessions, and keep whole files and logs out of the context.",
        share, settings.longContextShare()));
  }
}
