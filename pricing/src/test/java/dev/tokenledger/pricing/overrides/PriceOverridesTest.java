package dev.tokenledger.pricing.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.pricing.PriceCatalog;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceOverridesTest {

  private final PriceOverrides overrides = new PriceOverrides();

  @Test
  void readsTheTeamConfigurationFormatOfTheSeedTools() throws Exception {
    List<ModelPrice> prices;
    try (var r = new InputStreamReader(getClass().getResourceAsStream("/pricing/team-overrides.toml"), StandardCharsets.UTF_8)) {
      prices = overrides.parse(r, "team-overrides.toml");
    }
    assertThat(prices).hasSize(5);
    ModelPrice sonnet4 = prices.get(0);
    assertThat(sonnet4.getProvider()).isEqualTo("anthropic");
    // a dated name prices that snapshot (the name Claude Code logs), not every claude-sonnet-4 spelling
    assertThat(sonnet4.getModel()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(sonnet4.getAliases()).isEmpty();
    assertThat(sonnet4.getInputPerToken()).isEqualTo(Prices.perM("3.00"));
    assertThat(sonnet4.getCacheWrite5mPerToken()).isEqualTo(Prices.perM("3.75"));
    assertThat(sonnet4.getCacheReadPerToken()).isEqualTo(Prices.perM("0.30"));
    assertThat(sonnet4.getEffectiveFrom()).isEqualTo(Instant.parse("2026-11-15T00:00:00Z"));
    assertThat(sonnet4.getVersion()).isEqualTo("override:2026-11-15T00:00:00Z");
    assertThat(sonnet4.getSource()).isEqualTo(PriceSource.OVERRIDE);
    ModelPrice gpt = prices.stream().filter(p -> p.getModel().equals("gpt-5.1")).findFirst().orElseThrow();
    assertThat(gpt.getCacheWrite5mPerToken()).isNull();
    assertThat(gpt.getEffectiveFrom()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void reportsEveryErrorAtOnce() {
    String toml = """
        [pricing]
        effective_from = "last tuesday"
        [pricing.anthropic]
        "claude-x" = { output = -1, colour = "blue" }
        """;
    assertThatThrownBy(() -> overrides.parse(new StringReader(toml), "bad.toml"))
        .isInstanceOfSatisfying(PriceOverrides.InvalidOverrides.class, e -> assertThat(e.errors()).hasSize(4)
            .anyMatch(m -> m.contains("effective_from"))
            .anyMatch(m -> m.contains("missing 'input'"))
            .anyMatch(m -> m.contains("output"))
            .anyMatch(m -> m.contains("unknown key 'colour'")));
  }

  @Test
  void anOverrideReplacesTheSnapshotPriceAtTheSameKey() throws Exception {
    List<ModelPrice> snapshot = new LiteLlmSnapshot().loadShipped(Instant.EPOCH);
    List<ModelPrice> org = overrides.parse(new StringReader("""
        [pricing.anthropic]
        "claude-sonnet-4-5" = { input = 2.00, output = 10.00 }
        """), "org.toml");
    List<ModelPrice> merged = PriceCatalog.merge(snapshot, org);
    assertThat(merged).hasSize(snapshot.size());
    assertThat(merged).filteredOn(p -> p.getModel().equals("claude-sonnet-4-5") && p.getProvider().equals("anthropic"))
        .singleElement().satisfies(p -> assertThat(p.getSource()).isEqualTo(PriceSource.OVERRIDE));
  }

  @Test
  void aDatedOverrideAndItsFamilysOverrideAreTwoModels() throws Exception {
    List<ModelPrice> prices = overrides.parse(new java.io.StringReader("""
        [pricing.openai]
        "gpt-4o" = { input = 1.00, output = 4.00 }
        "gpt-4o-2024-08-06" = { input = 1.50, output = 5.00 }
        "openai/GPT-4o@2024-05-13" = { input = 2.00, output = 6.00 }
        """), "inline");
    assertThat(prices).extracting(ModelPrice::getModel).containsExactly("gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-2024-05-13");
    assertThat(dev.tokenledger.pricing.PriceCatalog.merge(List.of(), prices)).hasSize(3);
  }
}
