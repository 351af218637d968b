package dev.tokenledger.pricing;

import dev.tokenledger.events.CostBreakdown;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of one request: the breakdown per token class (USD, scale 9), the cache savings, whether a
 * long-context tier applied and the speed / service-tier multiplier (scale 4).
 */
public record CostQuote(CostBreakdown cost, BigDecimal cacheSavings, boolean longContextTier, BigDecimal multiplier) {
  public CostQuote {
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(cacheSavings, "cacheSavings");
    Objects.requireNonNull(multiplier, "multiplier");
  }
}
