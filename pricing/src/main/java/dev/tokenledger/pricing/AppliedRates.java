package dev.tokenledger.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The per-token rates one request is billed at, once the long-context tier, the default cache factors
 * and the speed / service-tier multiplier are decided ({@link UsagePricer#rates}): every request of a
 * model at the same tier, speed and service tier is billed at the same applied rates.
 *
 * @param input uncached input, USD per token
 * @param output output (reasoning included), USD per token
 * @param cacheWrite5m 5-minute cache writes, USD per token
 * @param cacheWrite1h 1-hour cache writes, USD per token
 * @param cacheRead cache reads, USD per token
 * @param multiplier the speed / service-tier multiplier (1 when none)
 * @param longContextTier whether the above-tier rates apply
 */
public record AppliedRates(BigDecimal input, BigDecimal output, BigDecimal cacheWrite5m, BigDecimal cacheWrite1h,
    BigDecimal cacheRead, BigDecimal multiplier, boolean longContextTier) {

  public AppliedRates {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cacheWrite5m, "cacheWrite5m");
    Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
    Objects.requireNonNull(cacheRead, "cacheRead");
    Objects.requireNonNull(multiplier, "multiplier");
  }

  /**
   * True when every class's rate × multiplier has at most {@link Money#USD_SCALE} decimals. A request's
   * class cost (whole tokens × that product) is then exact before the one rounding, so the costs of many
   * requests add up to the cost of their summed tokens: pricing per group equals pricing per request.
   */
  public boolean additive() {
    return exact(input) && exact(output) && exact(cacheWrite5m) && exact(cacheWrite1h) && exact(cacheRead);
  }

  private boolean exact(BigDecimal rate) {
    return rate.multiply(multiplier).stripTrailingZeros().scale() <= Money.USD_SCALE;
  }
}
