package dev.tokenledger.agent.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A 5-hour billing block: it starts at the UTC hour of its first request and ends 5 hours later; its
 * first and last request, its models with their usage, and whether it is active at {@code now} (now
 * before its end, and its last request less than 5 hours ago).
 */
public record BillingBlock(Instant start, Instant firstRequest, Instant lastRequest, List<ModelUsage> models, Usage usage,
    boolean active) {

  public static final Duration LENGTH = Duration.ofHours(5);

  public BillingBlock {
    models = List.copyOf(models);
  }

  public Instant end() {
    return start.plus(LENGTH);
  }

  /**
   * The burn rate between the first and the last request (as ccusage: tokens per minute and cost per
   * hour over that span), or null when the span is under a minute.
   */
  public BurnRate burnRate() {
    long seconds = Duration.between(firstRequest, lastRequest).getSeconds();
    if (seconds < 60) {
      return null;
    }
    BigDecimal minutes = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 9, RoundingMode.HALF_EVEN);
    BigDecimal tokensPerMinute = BigDecimal.valueOf(usage.totalTokens()).divide(minutes, 9, RoundingMode.HALF_EVEN);
    BigDecimal costPerHour = usage.cost().multiply(BigDecimal.valueOf(60)).divide(minutes, 9, RoundingMode.HALF_EVEN);
    return new BurnRate(tokensPerMinute, costPerHour);
  }

  /**
   * The usage at the block's end if requests go on at the burn rate from {@code now} (the current usage
   * plus rate × the minutes left), or null when the block is not active or has no burn rate.
   */
  public Projection projection(Instant now) {
    BurnRate rate = burnRate();
    if (!active || rate == null) {
      return null;
    }
    long leftSeconds = Math.max(0, Duration.between(now, end()).getSeconds());
    BigDecimal left = BigDecimal.valueOf(leftSeconds).divide(BigDecimal.valueOf(60), 9, RoundingMode.HALF_EVEN);
    long tokens = usage.totalTokens() + rate.tokensPerMinute().multiply(left).setScale(0, RoundingMode.HALF_UP).longValueExact();
    BigDecimal cost = usage.cost().add(rate.costPerHour().multiply(left).divide(BigDecimal.valueOf(60), 9, RoundingMode.HALF_EVEN));
    return new Projection(tokens, cost, leftSeconds / 60);
  }

  /** Tokens per minute and USD per hour. */
  public record BurnRate(BigDecimal tokensPerMinute, BigDecimal costPerHour) {}

  /** Projected total tokens and cost at the block's end, and the whole minutes left. */
  public record Projection(long totalTokens, BigDecimal cost, long minutesLeft) {}
}
