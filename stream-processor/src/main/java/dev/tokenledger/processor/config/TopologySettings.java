package dev.tokenledger.processor.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the topology itself needs to know (the rest of the configuration belongs to the lifecycle).
 *
 * @param orgTimeZone the zone calendar periods are computed in
 * @param dedupRetention how long an event id is remembered; at least {@link #minDedupRetention} (the
 *     longest period an event can still be added to, plus its grace, plus the accepted skew), or a copy
 *     re-sent while its period is open would be counted twice
 * @param grace how long after its end a period still accepts late events
 * @param rollupEmitInterval how often (wall clock) changed rollups are emitted
 * @param repriceInterval how often (wall clock) events waiting for a price are retried
 * @param maxFutureSkew how far an event time may lie after the processor's clock (and after the
 *     agent's observed time) before it is rejected as FUTURE_EVENT_TIME (ADR 0222)
 * @param parkedMaxAge how long an event waits for a price of its model before it is rejected as
 *     PRICE_WAIT_EXPIRED
 * @param budgets forecasts and timed re-evaluation of budgets
 */
public record TopologySettings(ZoneId orgTimeZone, Duration dedupRetention, Duration grace, Duration rollupEmitInterval,
    Duration repriceInterval, Duration maxFutureSkew, Duration parkedMaxAge, BudgetEvaluation budgets) {

  public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(35);
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
  public static final Duration DEFAULT_ROLLUP_EMIT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REPRICE_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(15);
  public static final Duration DEFAULT_PARKED_MAX_AGE = Duration.ofDays(30);
  /** The longest calendar period (a 31-day month). */
  public static final Duration LONGEST_PERIOD = Duration.ofDays(31);

  /** Settings with the default budget evaluation. */
  public TopologySettings(ZoneId orgTimeZone, Duration dedupRetention, Duration grace, Duration rollupEmitInterval,
      Duration repriceInterval, Duration maxFutureSkew, Duration parkedMaxAge) {
    this(orgTimeZone, dedupRetention, grace, rollupEmitInterval, repriceInterval, maxFutureSkew, parkedMaxAge,
        BudgetEvaluation.DEFAULTS);
  }

  public TopologySettings {
    Objects.requireNonNull(orgTimeZone, "orgTimeZone");
    Objects.requireNonNull(budgets, "budgets");
    requirePositive(dedupRetention, "dedupRetention");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    requirePositive(rollupEmitInterval, "rollupEmitInterval");
    requirePositive(repriceInterval, "repriceInterval");
    requirePositive(maxFutureSkew, "maxFutureSkew");
    requirePositive(parkedMaxAge, "parkedMaxAge");
    Duration min = minDedupRetention(grace, maxFutureSkew);
    if (dedupRetention.compareTo(min) < 0) {
      throw new IllegalArgumentException("dedup.retention " + text(dedupRetention) + " is shorter than the"
          + " longest period an event can still join (31d) + rollups.grace (" + text(grace)
          + ") + events.max_future_skew (" + text(maxFutureSkew) + ") = " + text(min)
          + ": a copy re-sent while its month is open would be counted twice; raise dedup.retention to at least "
          + text(min));
    }
  }

  /** The shortest dedup retention that outlives every period an event can still be added to. */
  public static Duration minDedupRetention(Duration grace, Duration maxFutureSkew) {
    return LONGEST_PERIOD.plus(grace).plus(maxFutureSkew);
  }

  /** The defaults, in the given organisation time zone. */
  public static TopologySettings defaults(ZoneId zone) {
    return new TopologySettings(zone, DEFAULT_DEDUP_RETENTION, DEFAULT_GRACE, DEFAULT_ROLLUP_EMIT_INTERVAL,
        DEFAULT_REPRICE_INTERVAL, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_PARKED_MAX_AGE);
  }

  /** These settings with another parked-event age limit (tests, benchmarks). */
  public TopologySettings withParkedMaxAge(Duration age) {
    return new TopologySettings(orgTimeZone, dedupRetention, grace, rollupEmitInterval, repriceInterval, maxFutureSkew, age,
        budgets);
  }

  /** These settings with another budget evaluation (tests). */
  public TopologySettings withBudgets(BudgetEvaluation b) {
    return new TopologySettings(orgTimeZone, dedupRetention, grace, rollupEmitInterval, repriceInterval, maxFutureSkew,
        parkedMaxAge, b);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Short duration text for messages: 35d, 24h, 15m. */
  private static String text(Duration d) {
    long s = d.toSeconds();
    if (d.toNanosPart() % 1_000_000_000 != 0 || s == 0) {
      return d.toString();
    }
    return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
