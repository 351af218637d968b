package dev.tokenledger.pricing.litellm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.Prices;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiteLlmSnapshotTest {

  private static List<ModelPrice> shipped;

  @BeforeAll
  static void load() {
    shipped = new LiteLlmSnapshot().loadShipped(Instant.EPOCH);
  }

  private static ModelPrice price(String provider, String model) {
    return shipped.stream().filter(p -> p.getProvider().equals(provider) && p.getModel().equals(model)).findFirst()
        .orElseThrow(() -> new AssertionError("no price for " + provider + "/" + model));
  }

  @Test
  void readsClaudeRatesTiersAndTheSnapshotVersion() {
    ModelPrice sonnet = price("anthropic", "claude-sonnet-4-5");
    assertThat(sonnet.getInputPerToken()).isEqualTo(Prices.perM("3"));
    assertThat(sonnet.getOutputPerToken()).isEqualTo(Prices.perM("15"));
    assertThat(sonnet.getCacheWrite5mPerToken()).isEqualTo(Prices.perM("3.75"));
    assertThat(sonnet.getCacheWrite1hPerToken()).isEqualTo(Prices.perM("6"));
    assertThat(sonnet.getCacheReadPerToken()).isEqualTo(Prices.perM("0.3"));
    assertThat(sonnet.getTierThresholdTokens()).isEqualTo(200_000L);
    assertThat(sonnet.getInputAboveTierPerToken()).isEqualTo(Prices.perM("6"));
    assertThat(sonnet.getOutputAboveTierPerToken()).isEqualTo(Prices.perM("22.5"));
    assertThat(sonnet.getVersion()).isEqualTo("litellm:2026-07-24");
    assertThat(sonnet.getSource()).isEqualTo(PriceSource.LITELLM);
    assertThat(sonnet.getAliases()).contains("claude-sonnet-4-5-20250929");
  }

  @Test
  void readsFastAndPriorityMultipliers() {
    assertThat(price("anthropic", "claude-opus-4-6").getFastMultiplier()).isEqualTo(new BigDecimal("6.0000"));
    assertThat(price("openai", "gpt-5").getPriorityMultiplier()).isEqualTo(new BigDecimal("2.0000"));
  }

  @Test
  void keepsADatedModelPricedDifferentlyFromItsFamilyUnderItsOwnKey() {
    assertThat(price("openai", "gpt-4o").getInputPerToken()).isEqualTo(Prices.perM("2.5"));
    assertThat(price("openai", "gpt-4o-2024-05-13").getInputPerToken()).isEqualTo(Prices.perM("5"));
  }

  @Test
  void mapsGeminiToGoogleAndSkipsResellers() {
    assertThat(price("google", "gemini-2.5-pro").getTierThresholdTokens()).isEqualTo(200_000L);
    assertThat(shipped).noneMatch(p -> p.getProvider().equals("bedrock") || p.getProvider().equals("azure"));
  }

  @Test
  void everyShippedPriceResolvesThroughThePriceBook() {
    PriceBook book = new PriceBook();
    shipped.forEach(book::put);
    assertThat(book.find("anthropic", "claude-sonnet-4-5-20250929", Instant.parse("2026-03-01T00:00:00Z")))
        .isInstanceOfSatisfying(PriceResolution.Found.class, f -> assertThat(f.normalizedModel()).isEqualTo("claude-sonnet-4-5"));
    assertThat(book.find("google", "gemini-2.5-pro", Instant.parse("2026-03-01T00:00:00Z"))).isInstanceOf(PriceResolution.Found.class);
    assertThat(book.find("openai", "gpt-5-codex", Instant.parse("2026-03-01T00:00:00Z"))).isInstanceOf(PriceResolution.Found.class);
  }

  @Test
  void ignoresEntriesWithoutTokenPrices() throws Exception {
    String json = "{\"sample_spec\": {\"litellm_provider\": \"openai\"}, \"last_updated\": \"2026-01-02T00:00:00+00:00\","
        + " \"m-1\": {\"litellm_provider\": \"openai\", \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06}}";
    List<ModelPrice> prices = new LiteLlmSnapshot().load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
    assertThat(prices).singleElement().satisfies(p -> {
      assertThat(p.getModel()).isEqualTo("m-1");
      assertThat(p.getVersion()).isEqualTo("litellm:2026-01-02");
      assertThat(p.getInputPerToken()).isEqualTo(Prices.perM("1"));
    });
  }
}
