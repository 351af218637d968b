package dev.tokenledger.api.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The one-line budget summary for a terminal status line or prompt, from the budgets that apply to a
 * caller: the most critical enabled budget, e.g.
 * {@code budget: team platform 82% of $500.00/month (projected 104%)}; {@code budget: ok (...)} with the
 * highest when none is at a threshold; {@code budget: none} when no enabled budget applies.
 */
public final class StatusLine {

  private StatusLine() {}

  public static String of(List<BudgetStatus> statuses) {
    List<BudgetStatus> enabled = statuses.stream().filter(s -> s.budget().enabled()).sorted(BudgetStatus.MOST_CRITICAL_FIRST).toList();
    if (enabled.isEmpty()) {
      return "budget: none";
    }
    BudgetStatus top = enabled.get(0);
    String text = describe(top);
    return switch (top.level()) {
      case OK -> "budget: ok (" + text + ")";
      case WARNING -> "budget: " + text;
      case EXCEEDED -> "budget: EXCEEDED " + text;
    };
  }

  /** {@code team platform 82% of $500.00/month (projected 104%)}. */
  static String describe(BudgetStatus s) {
    BudgetDefinition b = s.budget();
    return b.scope().wireName().replace('_', ' ') + " " + b.value() + " " + whole(s.percent()) + "% of " + dollars(b.limitUsd())
        + "/" + b.period().wireName() + " (projected " + whole(s.projectedPercent()) + "%)";
  }

  static String whole(BigDecimal percent) {
    return percent.setScale(0, RoundingMode.DOWN).toPlainString();
  }

  /** {@code $500.00}; more decimals only when the amount has them ({@code $0.125}). */
  static String dollars(BigDecimal usd) {
    BigDecimal v = usd.stripTrailingZeros();
    return "$" + (v.scale() <= 2 ? usd.setScale(2, RoundingMode.UNNECESSARY) : v).toPlainString();
  }

  /** Whether any enabled budget is at or above 100 %. */
  public static boolean exceeded(List<BudgetStatus> statuses) {
    return statuses.stream().anyMatch(s -> s.budget().enabled() && s.level() == BudgetStatus.Level.EXCEEDED);
  }
}
