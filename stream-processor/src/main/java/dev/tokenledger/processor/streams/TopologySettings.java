package dev.tokenledger.processor.streams;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the topology itself needs to know (the rest of the configuration belongs to the lifecycle).
 *
 * @param orgTimeZone the zone calendar periods are computed in
 * @param dedupRetention how long an event id is remembered (at least 35 days by default)
 * @param grace how long after its end a period still accepts late events
 * @param rollupEmitInterval how often (wall clock) changed rollups are emitted
 * @param repriceInterval how often (wall clock) events waiting for a price are retried
 * @param maxFutureSkew how far an event time may lie after the agent's observed time
 */
public record TopologySettings(ZoneId orgTimeZone, Duration dedupRetention, Duration grace, Duration rollupEmitInterval,
    Duration repriceInterval, Duration maxFutureSkew) {

  public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(35);
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
  public static final Duration DEFAULT_ROLLUP_EMIT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REPRICE_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

  public TopologySettings {
    Objects.requireNonNull(orgTimeZone, "orgTimeZone");
    requirePositive(dedupRetention, "dedupRetention");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    requirePositive(rollupEmitInterval, "rollupEmitInterval");
    requirePositive(repriceInterval, "repriceInterval");
    requirePositive(maxFutureSkew, "maxFutureSkew");
  }

  /** The defaults, in the given organisation time zone. */
  public static TopologySettings defaults(ZoneId zone) {
    return new TopologySettings(zone, DEFAULT_DEDUP_RETENTION, DEFAULT_GRACE, DEFAULT_ROLLUP_EMIT_INTERVAL,
        DEFAULT_REPRICE_INTERVAL, DEFAULT_MAX_FUTURE_SKEW);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
