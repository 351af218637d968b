package dev.tokenledger.api.query;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The accuracy labels of usage events ({@code usage_events.accuracy}): {@value #PROVIDER_FINAL} means the
 * counts are the provider's own final usage; every other label (an estimate, a lower bound, or one
 * appended later) is not provider-final. Spend answers carry the cost that is not provider-final and its
 * share of the cost.
 */
public final class Accuracy {

  /** The label of provider-final counts; every other label is not final. */
  public static final String PROVIDER_FINAL = "EXACT";
  /** Digits of a share (0.123456 = 12.3456 %). */
  public static final int SHARE_SCALE = 6;

  private Accuracy() {}

  /**
   * {@code part / whole} rounded half-even to {@value #SHARE_SCALE} decimals, or null when {@code whole}
   * is zero (no spend: no share).
   */
  public static BigDecimal share(BigDecimal part, BigDecimal whole) {
    if (whole.signum() == 0) {
      return null;
    }
    return part.divide(whole, SHARE_SCALE, RoundingMode.HALF_EVEN);
  }
}
