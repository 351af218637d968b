package dev.tokenledger.processor.rollup;

import dev.tokenledger.pricing.Money;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact running sum of USD amounts at the contract's scale (9): a long count of nano-dollars while
 * the sum fits one (up to ~9.2 billion USD, every realistic rollup), a {@link BigDecimal} beyond. The
 * hot path of the rollups adds event costs without allocating; the value is a {@code BigDecimal} only
 * when it is read.
 */
final class MoneySum {

  private long nanos;
  /** The sum once it no longer fits {@link #nanos} (or once an amount of another scale was added); else null. */
  private BigDecimal big;

  private MoneySum(long nanos, BigDecimal big) {
    this.nanos = nanos;
    this.big = big;
  }

  static MoneySum zero() {
    return new MoneySum(0, null);
  }

  static MoneySum ofNanos(long nanos) {
    return new MoneySum(nanos, null);
  }

  static MoneySum of(BigDecimal value) {
    MoneySum s = zero();
    s.add(value);
    return s;
  }

  /** Adds an amount (scale 9 in the contract; any other scale is rounded HALF_EVEN to 9, as {@link Money#usd} does). */
  void add(BigDecimal amount) {
    if (big == null && amount.scale() == Money.USD_SCALE) {
      BigInteger unscaled = amount.unscaledValue();
      if (unscaled.bitLength() < Long.SIZE) {
        long add = unscaled.longValue();
        long sum = nanos + add;
        if (((nanos ^ sum) & (add ^ sum)) >= 0) {   // no overflow
          nanos = sum;
          return;
        }
      }
    }
    big = Money.usd(value().add(amount));
  }

  /** Adds an amount of nano-dollars (scale 9). */
  void addNanos(long add) {
    if (big == null) {
      long sum = nanos + add;
      if (((nanos ^ sum) & (add ^ sum)) >= 0) {   // no overflow
        nanos = sum;
        return;
      }
    }
    big = value().add(BigDecimal.valueOf(add, Money.USD_SCALE));
  }

  /** True while the sum is held as a long of nano-dollars ({@link #nanos()}). */
  boolean fitsLong() {
    return big == null;
  }

  long nanos() {
    if (big != null) {
      throw new IllegalStateException("the sum " + big + " does not fit a long of nano-dollars");
    }
    return nanos;
  }

  BigDecimal value() {
    return big != null ? big : BigDecimal.valueOf(nanos, Money.USD_SCALE);
  }
}
