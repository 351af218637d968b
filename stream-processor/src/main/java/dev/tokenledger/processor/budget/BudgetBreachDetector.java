package dev.tokenledger.processor.budget;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.pricing.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * <p>Burn rate = spend / hours from the period start to the time the evaluation refers to (the
 * triggering event's time for a crossing, the processor's clock for a forecast; at least one minute);
 * projected exhaustion = that time + (limit − spend) / burn rate, null when the limit is already
 * reached; projected spend = spend + burn rate × the time left in the period.
 *
 * <p>A forecast ({@link BreachKind#FORECAST}) announces a threshold not reached yet that the projected
 * spend reaches by the period end; it is made only while the period is running at the processor's clock
 * and after {@code minElapsed} of it, and each is reported once per budget, period, threshold and limit
 * under {@link #forecastId}.
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

  /** The id of the forecast of a threshold: its {@link #breachId} followed by {@code |forecast}. */
  public static String forecastId(Budget b, Instant periodStart, int threshold) {
    return breachId(b, periodStart, threshold) + FORECAST_SUFFIX;
  }

  /** What {@link #forecastId} appends to the breach id. */
  public static final String FORECAST_SUFFIX = "|forecast";

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
    if (b.getPeriod() == null || !CalendarPeriods.ROLLUP_PERIODS.contains(b.getPeriod())) {
      out.add("budget " + b.getBudgetId() + ": period " + b.getPeriod() + " is not a calendar period");
    }
    if (b.getTimeZone() != null && !b.getTimeZone().isBlank()) {
      try {
        ZoneId.of(b.getTimeZone());
      } catch (DateTimeException e) {
        out.add("budget " + b.getBudgetId() + ": time zone '" + b.getTimeZone() + "' is not an IANA zone");
      }
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

  /**
   * The forecasts of the thresholds of {@code budget} not reached by {@code spend} that the spend
   * projected at the period end reaches, as seen at {@code now} (the processor's clock); none while
   * {@code now} is outside the period or less than {@code minElapsed} after its start.
   */
  public List<BudgetBreach> forecast(Budget budget, PeriodWindow window, BigDecimal spend, Instant now, Duration minElapsed,
      IntPredicate alreadyReported, String triggeringEventId, Instant eventTime) {
    if (!problems(budget).isEmpty() || spend.signum() <= 0 || !window.contains(now)
        || Duration.between(window.start(), now).compareTo(minElapsed) < 0) {
      return List.of();
    }
    BigDecimal limit = budget.getLimitUsd();
    BigDecimal projected = projection(window, spend, now).projected();
    List<BudgetBreach> out = new ArrayList<>();
    for (int threshold : new TreeSet<>(budget.getThresholdsPercent())) {
      BigDecimal level = limit.multiply(BigDecimal.valueOf(threshold));
      if (spend.multiply(HUNDRED).compareTo(level) >= 0 || projected.multiply(HUNDRED).compareTo(level) < 0
          || alreadyReported.test(threshold)) {
        continue;
      }
      out.add(BudgetBreach.newBuilder(breach(budget, window, spend, threshold, triggeringEventId, eventTime, now, now))
          .setBreachId(forecastId(budget, window.start(), threshold))
          .setKind(BreachKind.FORECAST)
          .build());
    }
    return out;
  }

  /** Burn rate per hour, projected spend at the period end and projected exhaustion, as of {@code at}. */
  private record Projection(BigDecimal burn, BigDecimal projected, Instant exhaustion) {}

  private static Projection projection(PeriodWindow w, BigDecimal spend, Instant at) {
    return projection(w, spend, at, null);
  }

  private static Projection projection(PeriodWindow w, BigDecimal spend, Instant at, BigDecimal limit) {
    long elapsedMs = Math.max(Duration.between(w.start(), at).toMillis(), MIN_ELAPSED.toMillis());
    BigDecimal hours = BigDecimal.valueOf(elapsedMs).divide(MILLIS_PER_HOUR, 12, RoundingMode.HALF_EVEN);
    BigDecimal burn = spend.divide(hours, 12, RoundingMode.HALF_EVEN);
    long leftMs = Math.max(Duration.between(at, w.end()).toMillis(), 0);
    BigDecimal projected = spend.add(burn.multiply(BigDecimal.valueOf(leftMs)).divide(MILLIS_PER_HOUR, 12, RoundingMode.HALF_EVEN));
    Instant exhaustion = null;
    if (limit != null && spend.compareTo(limit) < 0 && burn.signum() > 0) {
      BigDecimal hoursLeft = limit.subtract(spend).divide(burn, 12, RoundingMode.HALF_EVEN);
      exhaustion = at.plusMillis(hoursLeft.multiply(MILLIS_PER_HOUR).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }
    return new Projection(burn, projected, exhaustion);
  }

  private static BudgetBreach breach(Budget b, PeriodWindow w, BigDecimal spend, int threshold, String eventId,
      Instant eventTime, Instant detectedTime) {
    return breach(b, w, spend, threshold, eventId, eventTime, eventTime, detectedTime);
  }

  private static BudgetBreach breach(Budget b, PeriodWindow w, BigDecimal spend, int threshold, String eventId,
      Instant eventTime, Instant rateTime, Instant detectedTime) {
    BigDecimal limit = b.getLimitUsd();
    Projection p = projection(w, spend, rateTime, limit);
    BigDecimal burn = p.burn();
    Instant exhaustion = p.exhaustion();
    return BudgetBreach.newBuilder()
        .setKind(BreachKind.CROSSED)
        .setProjectedSpendUsd(Money.usd(p.projected()))
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
