package dev.tokenledger.processor.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How budgets are evaluated beyond the crossing checked at each event ({@code [budgets]} of the
 * configuration, ADR 0203).
 *
 * @param forecast whether "projected to exceed" forecasts are emitted
 * @param forecastMinElapsed how much of a period must have passed (at the processor's clock) before its
 *     burn rate is trusted for a forecast; at least one minute
 * @param evaluateEvery how often (wall clock) every budget is re-evaluated against its current period,
 *     so a budget without new events still gets its forecast
 */
public record BudgetEvaluation(boolean forecast, Duration forecastMinElapsed, Duration evaluateEvery) {

  public static final Duration DEFAULT_FORECAST_MIN_ELAPSED = Duration.ofHours(1);
  public static final Duration DEFAULT_EVALUATE_EVERY = Duration.ofMinutes(1);
  /** The least evidence a forecast may rest on. */
  public static final Duration MIN_FORECAST_ELAPSED = Duration.ofMinutes(1);
  /** How often a task looks for budgets put or changed since it last looked (wall clock). */
  public static final Duration CHANGE_CHECK_INTERVAL = Duration.ofSeconds(1);

  public static final BudgetEvaluation DEFAULTS = new BudgetEvaluation(true, DEFAULT_FORECAST_MIN_ELAPSED, DEFAULT_EVALUATE_EVERY);

  public BudgetEvaluation {
    Objects.requireNonNull(forecastMinElapsed, "forecastMinElapsed");
    Objects.requireNonNull(evaluateEvery, "evaluateEvery");
    if (forecastMinElapsed.compareTo(MIN_FORECAST_ELAPSED) < 0) {
      throw new IllegalArgumentException("budgets.forecast_min_elapsed must be at least 1m (a burn rate over less is noise), got "
          + forecastMinElapsed);
    }
    if (evaluateEvery.compareTo(CHANGE_CHECK_INTERVAL) < 0 || evaluateEvery.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("budgets.evaluate_every must be between 1s and 1h, got " + evaluateEvery);
    }
  }
}
