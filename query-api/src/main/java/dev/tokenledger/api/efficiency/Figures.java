package dev.tokenledger.api.efficiency;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rounding of every derived figure: fractions 0..1 and multiples to 4 decimals, money to 9
 * (the warehouse's scale), tokens per call to 2; always {@link RoundingMode#HALF_UP}; a quotient with a
 * zero divisor is null (not computable).
 */
public final class Figures {

  public static final int RATIO_SCALE = 4;
  public static final int MONEY_SCALE = 9;
  public static final int TOKENS_SCALE = 2;
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

  private Figures() {}

  public static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
    return quotient(numerator, denominator, RATIO_SCALE);
  }

  public static BigDecimal ratio(long numerator, long denominator) {
    return ratio(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
  }

  public static BigDecimal money(BigDecimal numerator, long denominator) {
    return quotient(numerator, BigDecimal.valueOf(denominator), MONEY_SCALE);
  }

  public static BigDecimal tokens(long numerator, long denominator) {
    return quotient(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator), TOKENS_SCALE);
  }

  static BigDecimal quotient(BigDecimal numerator, BigDecimal denominator, int scale) {
    return denominator.signum() == 0 ? null : numerator.divide(denominator, scale, ROUNDING);
  }
}
