package dev.tokenledger.processor.budget;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.pricing.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Decides which thresholds of a budget the spend of a period has reached. A threshold is reported when
 * {@code spend >= threshold% × limit} and it was not reported before for that period (the caller keeps
 * that memory), so each is emitted exactly once per budget, period and threshold — also when a lowered
 * limit makes several thresholds reached at once.
 *
 * <p>Burn rate = spend / hours since the period start (at least one minute); projected exhaustion =
 * event time + (limit − spend) / burn rate, null when the limit is already reached.
 */
public final class BudgetBreachDetector {

  private static final Duration MIN_ELAPSED = Duration.ofMinutes(1);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

  /**
   * The breach id: {@code <orgId>|<budgetId>|<period start ISO>|<threshold>|<limit>}. The limit is the
   * budget's revision as far as breaches go: a raised (or lowered) limit re-arms the thresholds of the
   * period, while re-putting an unchanged budget does not report a threshold again.
   */
  public static String breachId(Budget b, Instant periodStart, int threshold) {
    return b.getOrgId() + "|" + b.getBudgetId() + "|" + periodStart + "|" + threshold + "|"
        + b.getLimitUsd().stripTrailingZeros().toPlainString();
  }

  /** Validation of a budget's own values; empty when usable. */
  public static List<String> problems(Budget b) {
    List<String> out = new ArrayList<>();
    if (b.getLimitUsd() == null || b.getLimitUsd().signum() <= 0) {
      out.add("budget " + b.getBudgetId() + ": limit must be positive");
    }
    if (b.getBudgetId() == null || b.getBudgetId().isBlank() || b.getBudgetId().indexOf('|') >= 0) {
      out.add("budget id '" + b.getBudgetId() + "' must be non-blank and must not contain '|'");
    }
    if (b.getOrgId() == null || b.getOrgId().isBlank() || b.getOrgId().indexOf('|') >= 0) {
      out.add("budget " + b.getBudgetId() + ": org id '" + b.getOrgId() + "' must be non-blank and must not contain '|'");
    }
    for (int t : b.getThresholdsPercent()) {
      if (t <= 0) {
        out.add("budget " + b.getBudgetId() + ": threshold " + t + " must be positive");
      }
    }
    return out;
  }

  public List<BudgetBreach> detect(Budget budget, PeriodWindow window, BigDecimal spend, IntPredicate alreadyReported,
      String triggeringEventId, Instant eventTime, Instant detectedTime) {
    BigDecimal limit = budget.getLimitUsd();
    if (!problems(budget).isEmpty()) {
      return List.of();
    }
    List<BudgetBreach> out = new ArrayList<>();
    for (int threshold : new TreeSet<>(budget.getThresholdsPercent())) {
      boolean reached = spend.multiply(HUNDRED).compareTo(limit.multiply(BigDecimal.valueOf(threshold))) >= 0;
      if (!reached || alreadyReported.test(threshold)) {
        continue;
      }
      out.add(breach(budget, window, spend, threshold, triggeringEventId, eventTime, detectedTime));
    }
    return out;
  }

  private static BudgetBreach breach(Budget b, PeriodWindow w, BigDecimal spend, int threshold, String eventId,
      Instant eventTime, Instant detectedTime) {
    BigDecimal limit = b.getLimitUsd();
    long elapsedMs = Math.max(Duration.between(w.start(), eventTime).toMillis(), MIN_ELAPSED.toMillis());
    BigDecimal hours = BigDecimal.valueOf(elapsedMs).divide(MILLIS_PER_HOUR, 12, RoundingMode.HALF_EVEN);
    BigDecimal burn = spend.divide(hours, 12, RoundingMode.HALF_EVEN);
    Instant exhaustion = null;
    if (spend.compareTo(limit) < 0 && burn.signum() > 0) {
      BigDecimal hoursLeft = limit.subtract(spend).divide(burn, 12, RoundingMode.HALF_EVEN);
      exhaustion = eventTime.plusMillis(hoursLeft.multiply(MILLIS_PER_HOUR).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }
    return BudgetBreach.newBuilder()
        .setBreachId(breachId(b, w.start(), threshold))
        .setBudgetId(b.getBudgetId())
        .setOrgId(b.getOrgId())
        .setScope(b.getScope())
        .setScopeValue(b.getScopeValue())
        .setPeriod(w.period())
        .setPeriodStart(w.start())
        .setPeriodEnd(w.end())
        .setThresholdPercent(threshold)
        .setSpendUsd(Money.usd(spend))
        .setLimitUsd(Money.usd(limit))
        .setPercentOfLimit(Money.ratio(spend.multiply(HUNDRED).divide(limit, 8, RoundingMode.HALF_EVEN)))
        .setBurnRateUsdPerHour(Money.usd(burn))
        .setProjectedExhaustionTime(exhaustion)
        .setTriggeringEventId(eventId)
        .setEventTime(eventTime)
        .setDetectedTime(detectedTime)
        .setNotify(new ArrayList<>(b.getNotify()))
        .build();
  }
}
