package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyFacts.ModelUsage;
import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Optional;

/**
 * The most expensive model spent on trivial turns. With at least two models in use (each with tokens),
 * the most expensive is the one with the highest cost per token (ties: the first name); the smell shows
 * when it has at least {@code smell_min_calls} calls and at least {@code trivial_share} of them are trivial
 * (at most {@code trivial_output_tokens} output tokens and no tool call).
 */
final class ExpensiveModelOnTrivialTurns implements SmellRule {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  @Override
  public String code() {
    return "expensive_model_on_trivial_turns";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    var priced = facts.models().stream().filter(m -> m.tokens() > 0).toList();
    if (priced.size() < 2) {
      return Optional.empty();
    }
    ModelUsage top = priced.stream()
        .min(Comparator.comparing((ModelUsage m) -> perMillion(m)).reversed().thenComparing(ModelUsage::model))
        .orElseThrow();
    if (top.calls() < settings.smellMinCalls() || top.trivialCalls() == 0) {
      return Optional.empty();
    }
    BigDecimal share = Figures.ratio(top.trivialCalls(), top.calls());
    if (share.compareTo(settings.trivialShare()) < 0) {
      return Optional.empty();
    }
    return Optional.of(new Smell(code(), Severity.WARNING,
        top.model() + ", the most expensive model per token here ($" + perMillion(top).toPlainString() + " per million tokens),"
            + " answered " + top.trivialCalls() + " of its " + top.calls() + " calls (" + share.toPlainString() + ") with at most "
            + settings.trivialOutputTokens() + " output tokens and no tool call; those calls cost $" + top.trivialCostUsd().toPlainString(),
        "Send short, tool-free turns (questions, confirmations, small edits) to a cheaper model, e.g. by configuring a smaller default"
            + " model or sub-agents on one, and keep the expensive model for planning and hard reasoning.",
        share, settings.trivialShare()));
  }

  /** Cost per million tokens, to 4 decimals. */
  static BigDecimal perMillion(ModelUsage m) {
    return Figures.ratio(m.costUsd().multiply(MILLION), BigDecimal.valueOf(m.tokens()));
  }
}
