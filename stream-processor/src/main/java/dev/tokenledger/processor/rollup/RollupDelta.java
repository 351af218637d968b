package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.Money;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What one priced event adds to every rollup it falls in (ADR 0228): the signed token and money
 * differences, the request it counts and its event time — computed once per event, then applied by
 * {@link RollupBucket#add(RollupDelta, boolean, long)} to each of its 32 buckets without converting the
 * event's {@code BigDecimal} amounts again. A revision (ADR 0145) is the difference between the revised
 * and the replaced version and counts no request (its request and session were counted with the
 * replaced one).
 */
public final class RollupDelta {

  final long[] tokens = new long[RollupBucket.TOKEN_CLASSES];
  /** The amounts in nano-dollars when they fit a long at scale 9 ({@link #costFits}, {@link #savingsFits}). */
  final long costNanos;
  final long savingsNanos;
  final boolean costFits;
  final boolean savingsFits;
  final BigDecimal cost;
  final BigDecimal savings;
  /** False for a revision: no request, no session, no event time. */
  final boolean countsRequest;
  final long eventTime;

  private RollupDelta(BigDecimal cost, BigDecimal savings, boolean countsRequest, long eventTime) {
    this.cost = cost;
    this.savings = savings;
    this.costNanos = nanos(cost);
    this.costFits = fits(cost);
    this.savingsNanos = nanos(savings);
    this.savingsFits = fits(savings);
    this.countsRequest = countsRequest;
    this.eventTime = eventTime;
  }

  /** The delta of a priced event (a revision's difference if its revision is above 0). */
  public static RollupDelta of(PricedUsage priced) {
    TokenCounts e = priced.getEvent().getTokens();
    if (priced.getRevision() > 0) {
      RollupDelta d = new RollupDelta(priced.getCost().getTotal().subtract(priced.getReplacedCostTotal()),
          priced.getCacheSavings().subtract(priced.getReplacedCacheSavings()), false, Long.MIN_VALUE);
      d.tokens[0] = e.getInput() - priced.getReplacedInputTokens();
      d.tokens[1] = e.getOutput() - priced.getReplacedOutputTokens();
      d.tokens[2] = e.getCacheWrite5m() - priced.getReplacedCacheWrite5mTokens();
      d.tokens[3] = e.getCacheWrite1h() - priced.getReplacedCacheWrite1hTokens();
      d.tokens[4] = e.getCacheRead() - priced.getReplacedCacheReadTokens();
      d.tokens[5] = e.getReasoning() - priced.getReplacedReasoningTokens();
      d.tokens[6] = e.getTool() - priced.getReplacedToolTokens();
      return d;
    }
    return of(e, priced.getCost().getTotal(), priced.getCacheSavings(), priced.getEvent().getEventTime().toEpochMilli());
  }

  /** The delta of one counted request. */
  static RollupDelta of(TokenCounts e, BigDecimal cost, BigDecimal savings, long eventTime) {
    RollupDelta d = new RollupDelta(cost, savings, true, eventTime);
    d.tokens[0] = e.getInput();
    d.tokens[1] = e.getOutput();
    d.tokens[2] = e.getCacheWrite5m();
    d.tokens[3] = e.getCacheWrite1h();
    d.tokens[4] = e.getCacheRead();
    d.tokens[5] = e.getReasoning();
    d.tokens[6] = e.getTool();
    return d;
  }

  private static boolean fits(BigDecimal amount) {
    return amount.scale() == Money.USD_SCALE && amount.unscaledValue().bitLength() < Long.SIZE;
  }

  private static long nanos(BigDecimal amount) {
    if (!fits(amount)) {
      return 0;
    }
    BigInteger unscaled = amount.unscaledValue();
    return unscaled.longValue();
  }
}
