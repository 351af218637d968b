package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.AppliedRates;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.UsagePricer;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import dev.tokenledger.processor.config.TopologySettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology prices with the shared pricing module and its bundled list: each priced event's cost is
 * what the module's group pricing ({@link UsagePricer#rates} + {@link UsagePricer#costOfSums}, which the
 * agent's offline reports use) gives for that one request — one implementation, one answer.
 */
class SharedPricingTest {

  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  private TopologyHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void theTopologyPricesEachEventAsTheAgentsGroupPricingDoes() {
    h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC));
    List<ModelPrice> list = new LiteLlmSnapshot().loadShipped(Instant.EPOCH);
    PriceBook book = new PriceBook();
    for (String model : List.of("claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5", "gpt-5", "gemini-2.5-pro")) {
      ModelPrice p = list.stream().filter(m -> m.getModel().equals(model)).findFirst().orElseThrow();
      h.price(p);
      book.put(p);
    }
    List<UsageEvent> events = List.of(
        event("sonnet", "anthropic", "claude-sonnet-4-5-20250929", tokens(1_234, 5_678, 9_000, 1_000, 150_000), null),
        event("sonnet-long", "anthropic", "claude-sonnet-4-5", tokens(50_000, 2_000, 0, 0, 180_000), null),
        event("opus", "anthropic", "claude-opus-4-1-20250805", tokens(10, 800, 12_000, 0, 40_000), null),
        event("haiku", "anthropic", "claude-haiku-4-5-20251001", tokens(300, 3_000, 0, 500, 9_000), null),
        event("gpt", "openai", "gpt-5", tokens(12_000, 900, 0, 0, 4_096), "priority"),
        event("gemini", "google", "gemini-2.5-pro", tokens(250_000, 1_000, 0, 0, 10_000), null));
    events.forEach(h::publish);
    List<PricedUsage> priced = h.pricedValues();
    assertThat(priced).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      UsageEvent e = events.get(i);
      TokenCounts t = e.getTokens();
      ModelPrice price = ((PriceResolution.Found) book.find(e.getProvider(), e.getModel(), e.getEventTime())).price();
      long prompt = t.getInput() + t.getCacheWrite5m() + t.getCacheWrite1h() + t.getCacheRead();
      AppliedRates rates = UsagePricer.rates(price, UsagePricer.longContextTier(price, prompt), e.getServiceTier(), e.getSpeed());
      BigDecimal expected = rates.additive()
          ? UsagePricer.costOfSums(rates, t.getInput(), t.getOutput(), t.getCacheWrite5m(), t.getCacheWrite1h(), t.getCacheRead())
          : new UsagePricer().quote(price, t, e.getServiceTier(), e.getSpeed()).cost().getTotal();
      assertThat(priced.get(i).getEvent().getEventId()).isEqualTo(e.getEventId());
      assertThat(priced.get(i).getCost().getTotal()).as(e.getEventId()).isEqualTo(expected);
      assertThat(priced.get(i).getLongContextTier()).isEqualTo(rates.longContextTier());
    }
    assertThat(priced.get(1).getLongContextTier()).as("230k prompt: the long-context tier").isTrue();
  }

  private static UsageEvent event(String id, String provider, String model, TokenCounts tokens, String serviceTier) {
    return claude(id, AT).setProvider(provider).setModel(model).setTokens(tokens).setServiceTier(serviceTier).build();
  }
}
