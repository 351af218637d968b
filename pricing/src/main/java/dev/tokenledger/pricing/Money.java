package dev.tokenledger.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The fixed decimal scales of the Avro contract and the one rounding rule (HALF_EVEN). */
public final class Money {

  /** Scale of USD amounts. */
  public static final int USD_SCALE = 9;
  /** Scale of per-token rates. */
  public static final int RATE_SCALE = 18;
  /** Scale of multipliers and percentages. */
  public static final int RATIO_SCALE = 4;

  /** One million, for prices quoted per million tokens. */
  public static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private Money() {}

  public static BigDecimal usd(BigDecimal v) {
    return v.setScale(USD_SCALE, RoundingMode.HALF_EVEN);
  }

  public static BigDecimal rate(BigDecimal v) {
    return v.setScale(RATE_SCALE, RoundingMode.HALF_EVEN);
  }

  public static BigDecimal ratio(BigDecimal v) {
    return v.setScale(RATIO_SCALE, RoundingMode.HALF_EVEN);
  }

  /** A per-million-tokens price (as organisations quote them) as a per-token rate. */
  public static BigDecimal perMillionToPerToken(BigDecimal perMillion) {
    return rate(perMillion.divide(MILLION));
  }

  public static BigDecimal zeroUsd() {
    return usd(BigDecimal.ZERO);
  }
}
