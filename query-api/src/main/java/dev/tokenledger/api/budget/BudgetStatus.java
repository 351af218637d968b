package dev.tokenledger.api.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * A budget with the spend of its current period: what is left, the percent used, a linear projection to
 * the period's end and whether it is ok, at a warning (at or above the lowest threshold) or exceeded
 * (at or above 100 %). All arithmetic is exact {@link BigDecimal}; percents are cut (not rounded) to two
 * decimals, so 99.999 % never shows as 100 %.
 *
 * @param projectedUsd spend / elapsed × period length, elapsed at least one hour (a period's first
 *     minutes would project wildly)
 */
public record BudgetStatus(
    BudgetDefinition budget,
    PeriodWindow window,
    BigDecimal spendUsd,
    BigDecimal remainingUsd,
    BigDecimal percent,
    BigDecimal projectedUsd,
    Level level) {

  /** Most critical first: enabled before disabled; exceeded, then warning, then ok; within each the higher percent first. */
  public static final Comparator<BudgetStatus> MOST_CRITICAL_FIRST = Comparator
      .comparing((BudgetStatus s) -> !s.budget().enabled())
      .thenComparing(BudgetStatus::level, Comparator.reverseOrder())
      .thenComparing(BudgetStatus::percent, Comparator.reverseOrder())
      .thenComparing(s -> s.budget().id());

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  static final Duration MIN_ELAPSED = Duration.ofHours(1);

  public enum Level {
    OK,
    WARNING,
    EXCEEDED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static BudgetStatus of(BudgetDefinition budget, PeriodWindow window, BigDecimal spend, Instant now) {
    BigDecimal limit = budget.limitUsd();
    BigDecimal percent = spend.multiply(HUNDRED).divide(limit, 2, RoundingMode.DOWN);
    Level level;
    if (spend.compareTo(limit) >= 0) {
      level = Level.EXCEEDED;
    } else if (spend.multiply(HUNDRED).compareTo(limit.multiply(BigDecimal.valueOf(budget.lowestThreshold()))) >= 0) {
      level = Level.WARNING;
    } else {
      level = Level.OK;
    }
    Duration elapsed = Duration.between(window.start(), now);
    if (elapsed.compareTo(MIN_ELAPSED) < 0) {
      elapsed = MIN_ELAPSED;
    }
    Duration length = window.length();
    if (elapsed.compareTo(length) > 0) {
      elapsed = length;
    }
    BigDecimal projected = spend.multiply(BigDecimal.valueOf(length.toMillis()))
        .divide(BigDecimal.valueOf(elapsed.toMillis()), 9, RoundingMode.HALF_EVEN);
    return new BudgetStatus(budget, window, spend.setScale(9, RoundingMode.HALF_EVEN),
        limit.subtract(spend).setScale(9, RoundingMode.HALF_EVEN), percent, projected, level);
  }

  /** The projection in percent of the limit, cut to two decimals. */
  public BigDecimal projectedPercent() {
    return projectedUsd.multiply(HUNDRED).divide(budget.limitUsd(), 2, RoundingMode.DOWN);
  }
}
