package dev.tokenledger.pricing;

import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pricer refuses counts and costs the contract cannot carry (decimal(18, 9) USD, 64-bit counts). */
class UsagePricerLimitsTest {

  private final UsagePricer pricer = new UsagePricer();
  /** One USD per input and per output token; cache reads default to 0.1 × input. */
  private final ModelPrice dollarPerToken = Prices.plain("acme-ai", "gold-1", Instant.EPOCH, "1000000", "1000000").build();

  @Test
  void theLargestRepresentableCostIsPricedExactly() {
    CostQuote q = pricer.quote(dollarPerToken, tokens(999_999_999, 0, 0, 0, 0), null, null);
    assertThat(q.cost().getTotal()).isEqualByComparingTo("999999999");
    assertThat(q.cost().getTotal().scale()).isEqualTo(9);
    assertThat(UsagePricer.fitsUsd(new BigDecimal("999999999.999999999"))).isTrue();
    assertThat(UsagePricer.fitsUsd(new BigDecimal("-999999999.999999999"))).isTrue();
    assertThat(UsagePricer.fitsUsd(new BigDecimal("1000000000"))).isFalse();
    assertThat(UsagePricer.fitsUsd(new BigDecimal("999999999.9999999996"))).isFalse();   // rounds up to 10^9
  }

  @Test
  void aClassCostBeyondTheDecimalIsRefusedWithItsReason() {
    assertThatThrownBy(() -> pricer.quote(dollarPerToken, tokens(1_000_000_000, 0, 0, 0, 0), null, null))
        .isInstanceOf(UnpriceableUsageException.class)
        .hasMessageContaining("input cost 1000000000.000000000 USD")
        .hasMessageContaining("1000000000 tokens")
        .hasMessageContaining("does not fit decimal(18,9)");
  }

  @Test
  void aTotalBeyondTheDecimalIsRefusedAlthoughEachClassFits() {
    assertThatThrownBy(() -> pricer.quote(dollarPerToken, tokens(600_000_000, 600_000_000, 0, 0, 0), null, null))
        .isInstanceOf(UnpriceableUsageException.class)
        .hasMessageContaining("total cost 1200000000.000000000 USD");
  }

  @Test
  void cacheSavingsBeyondTheDecimalAreRefused() {
    // 2·10^9 cache reads at 0.1 USD cost 2·10^8 (fits) but save 1.8·10^9 (does not)
    assertThatThrownBy(() -> pricer.quote(dollarPerToken, tokens(0, 0, 0, 0, 2_000_000_000L), null, null))
        .isInstanceOf(UnpriceableUsageException.class)
        .hasMessageContaining("cache savings 1800000000.000000000 USD");
  }

  @Test
  void aPromptThatOverflowsALongIsRefusedNotWrapped() {
    // wrapped, the prompt would be negative and silently priced below the long-context tier
    ModelPrice sonnet = Prices.sonnet(Instant.EPOCH).build();
    assertThatThrownBy(() -> pricer.quote(sonnet, tokens(Long.MAX_VALUE, 0, 0, 0, 1), null, null))
        .isInstanceOf(UnpriceableUsageException.class)
        .hasMessageContaining("overflows a 64-bit count");
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> pricer.quote(dollarPerToken, tokens(0, -5, 0, 0, 0), null, null))
        .isInstanceOf(UnpriceableUsageException.class)
        .hasMessageContaining("negative token count -5");
  }
}
