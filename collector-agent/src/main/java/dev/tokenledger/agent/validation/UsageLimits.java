package dev.tokenledger.agent.validation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The bounds every billed request must respect before the agent publishes it, whether it was read
 * from a log or reported through the intake or {@code log} (config keys {@code limits.*}). A value
 * beyond them is reported as a problem, never published, and never clamped to another number.
 *
 * @param maxInputTokens uncached input tokens (and tool-use prompt tokens) per request
 * @param maxCacheReadTokens cache-read tokens per request
 * @param maxCacheWriteTokens cache-write tokens per request, for each lifetime (5 minutes, 1 hour)
 * @param maxOutputTokens output tokens per request (reasoning is part of output)
 * @param maxCostUsd the largest reported cost of one request, in USD
 * @param maxClockSkew how far after this machine's clock an event time may be
 * @param maxEventAge how far before this machine's clock an event time may be
 */
public record UsageLimits(long maxInputTokens, long maxCacheReadTokens, long maxCacheWriteTokens, long maxOutputTokens,
    BigDecimal maxCostUsd, Duration maxClockSkew, Duration maxEventAge) {

  /** The documented defaults. */
  public static final UsageLimits DEFAULTS = new UsageLimits(10_000_000, 10_000_000, 10_000_000, 1_000_000,
      new BigDecimal("1000"), Duration.ofMinutes(15), Duration.ofDays(3650));

  public UsageLimits {
    positive(maxInputTokens, "maxInputTokens");
    positive(maxCacheReadTokens, "maxCacheReadTokens");
    positive(maxCacheWriteTokens, "maxCacheWriteTokens");
    positive(maxOutputTokens, "maxOutputTokens");
    Objects.requireNonNull(maxCostUsd, "maxCostUsd");
    if (maxCostUsd.signum() <= 0) {
      throw new IllegalArgumentException("maxCostUsd must be positive: " + maxCostUsd);
    }
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(maxEventAge, "maxEventAge");
    if (maxClockSkew.isNegative() || maxEventAge.isNegative() || maxEventAge.isZero()) {
      throw new IllegalArgumentException("maxClockSkew must not be negative and maxEventAge must be positive");
    }
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }
}
