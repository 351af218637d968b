package dev.tokenledger.agent.config;

import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.settings.Durations;
import java.math.BigDecimal;
import java.time.Duration;

/** The {@code limits.*} section: the largest request a log or report may state, and the accepted clock skew. */
final class LimitsConfigParser {

  private LimitsConfigParser() {}

  /** The limits, or {@link UsageLimits#DEFAULTS} as a stand-in when the configuration has problems. */
  static UsageLimits parse(ConfigValues v) {
    long input = v.longValue("limits.max-input-tokens", 1, Long.MAX_VALUE);
    long cacheRead = v.longValue("limits.max-cache-read-tokens", 1, Long.MAX_VALUE);
    long cacheWrite = v.longValue("limits.max-cache-write-tokens", 1, Long.MAX_VALUE);
    long output = v.longValue("limits.max-output-tokens", 1, Long.MAX_VALUE);
    BigDecimal cost = BigDecimal.ONE;
    String costText = v.text("limits.max-cost-usd");
    if (!costText.matches("\\d{1,9}(\\.\\d{1,9})?") || new BigDecimal(costText).signum() <= 0) {
      v.problem("limits.max-cost-usd must be a positive decimal below 1000000000 with at most 9 decimal places"
          + " (the events' cost field is decimal(18,9)), was '" + costText + "'");
    } else {
      cost = new BigDecimal(costText);
    }
    Duration skew = Duration.ZERO;
    String skewText = v.text("limits.max-clock-skew");
    try {
      skew = Durations.parse(skewText);
      if (skew.isNegative()) {
        v.problem("limits.max-clock-skew must not be negative, was " + skewText);
        skew = Duration.ZERO;
      }
    } catch (IllegalArgumentException e) {
      v.problem("limits.max-clock-skew " + ConfigValues.DURATION_EXPECTED + ", was '" + skewText + "'");
    }
    Duration age = v.duration("limits.max-event-age");
    if (v.hasProblems()) {
      return UsageLimits.DEFAULTS;
    }
    return new UsageLimits(input, cacheRead, cacheWrite, output, cost, skew, age);
  }
}
