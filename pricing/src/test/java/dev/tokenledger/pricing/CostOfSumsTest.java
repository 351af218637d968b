package dev.tokenledger.pricing;

import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pricing a group of requests from its summed tokens gives the sum of the requests' own quotes, to the last decimal. */
class CostOfSumsTest {

  private final UsagePricer pricer = new UsagePricer();

  @Test
  void theCostOfSummedTokensIsTheSumOfTheQuotesAtEveryTierAndMultiplier() {
    ModelPrice sonnet = Prices.sonnet(Instant.EPOCH).setPriorityMultiplier(new BigDecimal("1.5")).build();
    Random random = new Random(42);
    for (boolean tier : new boolean[] {false, true}) {
      for (String serviceTier : new String[] {null, "priority"}) {
        List<TokenCounts> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          long cacheRead = tier ? 200_001 + random.nextInt(300_000) : random.nextInt(150_000);
          requests.add(tokens(random.nextInt(5_000), random.nextInt(20_000), random.nextInt(10_000),
              random.nextInt(3_000), cacheRead));
        }
        assertGroupEqualsRequests(sonnet, requests, tier, serviceTier);
      }
    }
  }

  @Test
  void everyRateOfTheBundledListIsAdditiveOrRecognisedAsNot() {
    List<ModelPrice> list = new LiteLlmSnapshot().loadShipped(Instant.EPOCH);
    Random random = new Random(7);
    int additive = 0;
    for (ModelPrice p : list) {
      List<TokenCounts> requests = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        requests.add(tokens(random.nextInt(5_000), random.nextInt(5_000), random.nextInt(5_000), random.nextInt(500),
            random.nextInt(20_000)));
      }
      AppliedRates rates = UsagePricer.rates(p, false, null, null);
      if (rates.additive()) {
        additive++;
        assertGroupEqualsRequests(p, requests, false, null);
      } else {
        assertThatThrownBy(() -> UsagePricer.costOfSums(rates, 1, 1, 1, 1, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quote()");
      }
    }
    assertThat(additive).as("most list prices are whole nano-dollars per token").isGreaterThan(list.size() / 2);
  }

  @Test
  void ratesWithMoreThanNineDecimalsAreNotAdditive() {
    // 0.125 per million input: the default cache read (0.1 × input) is 1.25e-8 USD per token
    ModelPrice cheap = Prices.plain("google", "tiny", Instant.EPOCH, "0.125", "0.5").build();
    AppliedRates rates = UsagePricer.rates(cheap, false, null, null);
    assertThat(rates.additive()).isFalse();
    BigDecimal one = pricer.quote(cheap, tokens(0, 0, 0, 0, 1), null, null).cost().getTotal();
    BigDecimal three = pricer.quote(cheap, tokens(0, 0, 0, 0, 3), null, null).cost().getTotal();
    assertThat(one.multiply(BigDecimal.valueOf(3))).as("per-request rounding is why").isNotEqualByComparingTo(three);
  }

  private void assertGroupEqualsRequests(ModelPrice price, List<TokenCounts> requests, boolean tier, String serviceTier) {
    BigDecimal perRequest = BigDecimal.ZERO;
    long in = 0;
    long out = 0;
    long w5 = 0;
    long w1 = 0;
    long read = 0;
    for (TokenCounts t : requests) {
      CostQuote q = pricer.quote(price, t, serviceTier, null);
      assertThat(q.longContextTier()).isEqualTo(tier);
      perRequest = perRequest.add(q.cost().getTotal());
      in += t.getInput();
      out += t.getOutput();
      w5 += t.getCacheWrite5m();
      w1 += t.getCacheWrite1h();
      read += t.getCacheRead();
    }
    AppliedRates rates = UsagePricer.rates(price, tier, serviceTier, null);
    assertThat(rates.additive()).as("%s", rates).isTrue();
    assertThat(UsagePricer.costOfSums(rates, in, out, w5, w1, read)).isEqualTo(perRequest);
  }
}
