package dev.tokenledger.pricing;

import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsagePricerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final UsagePricer pricer = new UsagePricer();
  private final ModelPrice sonnet = Prices.sonnet(T0).build();

  private static BigDecimal usd(String v) {
    return new BigDecimal(v).setScale(Money.USD_SCALE);
  }

  @Test
  void pricesEveryTokenClassSeparately() {
    CostQuote q = pricer.quote(sonnet, tokens(1_000, 2_000, 10_000, 20_000, 100_000), "standard", null);

    assertThat(q.cost().getInput()).isEqualTo(usd("0.003"));          // 1k × 3/M
    assertThat(q.cost().getOutput()).isEqualTo(usd("0.03"));          // 2k × 15/M
    assertThat(q.cost().getCacheWrite5m()).isEqualTo(usd("0.0375"));  // 10k × 3.75/M
    assertThat(q.cost().getCacheWrite1h()).isEqualTo(usd("0.12"));    // 20k × 6/M
    assertThat(q.cost().getCacheRead()).isEqualTo(usd("0.03"));       // 100k × 0.30/M
    assertThat(q.cost().getTotal()).isEqualTo(usd("0.2205"));
    assertThat(q.cacheSavings()).isEqualTo(usd("0.27"));              // 100k × (3 − 0.30)/M
    assertThat(q.longContextTier()).isFalse();
    assertThat(q.multiplier()).isEqualTo(new BigDecimal("1.0000"));
    assertThat(q.cost().getTotal().scale()).isEqualTo(9);
  }

  @Test
  void aPromptOfExactlyTheThresholdStaysInTheBaseTier() {
    // 200 000 prompt tokens split over all input classes: not above 200k
    CostQuote q = pricer.quote(sonnet, tokens(50_000, 1_000, 50_000, 0, 100_000), null, null);
    assertThat(q.longContextTier()).isFalse();
    assertThat(q.cost().getInput()).isEqualTo(usd("0.15"));
    assertThat(q.cost().getOutput()).isEqualTo(usd("0.015"));
  }

  @Test
  void oneTokenAboveTheThresholdBillsTheWholeRequestAtTheLongContextRates() {
    CostQuote q = pricer.quote(sonnet, tokens(50_001, 1_000, 50_000, 10_000, 90_000), null, null);
    assertThat(q.longContextTier()).isTrue();
    assertThat(q.cost().getInput()).isEqualTo(usd("0.300006"));      // 50 001 × 6/M
    assertThat(q.cost().getOutput()).isEqualTo(usd("0.0225"));       // 1k × 22.5/M
    assertThat(q.cost().getCacheWrite5m()).isEqualTo(usd("0.375"));  // 50k × 7.5/M
    assertThat(q.cost().getCacheWrite1h()).isEqualTo(usd("0.12"));   // 10k × 2 × 6/M
    assertThat(q.cost().getCacheRead()).isEqualTo(usd("0.054"));     // 90k × 0.6/M
  }

  @Test
  void missingCacheRatesDefaultToTheirInputMultiples() {
    ModelPrice plain = Prices.plain("acme", "m1", T0, "10", "20").build();
    CostQuote q = pricer.quote(plain, tokens(0, 0, 1_000_000, 1_000_000, 1_000_000), null, null);
    assertThat(q.cost().getCacheWrite5m()).isEqualTo(usd("12.5"));
    assertThat(q.cost().getCacheWrite1h()).isEqualTo(usd("20"));
    assertThat(q.cost().getCacheRead()).isEqualTo(usd("1"));
  }

  @Test
  void fastModeUsesTheFastMultiplierAndPriorityTheOther() {
    ModelPrice p = Prices.plain("anthropic", "claude-opus-4-6", T0, "5", "25")
        .setFastMultiplier(new BigDecimal("6.0000")).setPriorityMultiplier(new BigDecimal("2.0000")).build();
    CostQuote fast = pricer.quote(p, tokens(1_000_000, 0, 0, 0, 0), "standard", "fast");
    CostQuote priority = pricer.quote(p, tokens(1_000_000, 0, 0, 0, 0), "priority", "standard");
    CostQuote standard = pricer.quote(p, tokens(1_000_000, 0, 0, 0, 0), "standard", "standard");
    assertThat(fast.cost().getTotal()).isEqualTo(usd("30"));
    assertThat(fast.multiplier()).isEqualTo(new BigDecimal("6.0000"));
    assertThat(priority.cost().getTotal()).isEqualTo(usd("10"));
    assertThat(standard.cost().getTotal()).isEqualTo(usd("5"));
  }

  @Test
  void fastWithoutAFastMultiplierFallsBackToThePriorityMultiplier() {
    ModelPrice p = Prices.plain("openai", "gpt-5", T0, "1.25", "10").setPriorityMultiplier(new BigDecimal("2.0000")).build();
    assertThat(pricer.quote(p, tokens(1_000_000, 0, 0, 0, 0), null, "fast").cost().getTotal()).isEqualTo(usd("2.5"));
  }

  @Test
  void roundsHalfEvenOnlyAtTheEnd() {
    // 1 token × 0.30/M = 0.0000003 → 0.000000300 exactly; 3 tokens at 0.1234567891/M round once
    ModelPrice p = Prices.plain("x", "y", T0, "0.1234567891", "0").build();
    CostQuote q = pricer.quote(p, tokens(5, 0, 0, 0, 0), null, null);
    // 5 × 0.0000001234567891 = 0.0000006172839455 → HALF_EVEN at 9 decimals = 0.000000617
    assertThat(q.cost().getInput()).isEqualTo(new BigDecimal("0.000000617"));
  }
}
