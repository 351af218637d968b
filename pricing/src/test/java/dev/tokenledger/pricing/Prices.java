package dev.tokenledger.pricing;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Test builders of price versions, rates given per MILLION tokens as organisations quote them. */
public final class Prices {

  private Prices() {}

  public static BigDecimal perM(String usdPerMillion) {
    return Money.perMillionToPerToken(new BigDecimal(usdPerMillion));
  }

  /** A Sonnet-4.5-like price: 3 / 15 / 3.75 / 6 / 0.30 per million, 200k tier 6 / 22.5 / 7.5 / 0.6. */
  public static ModelPrice.Builder sonnet(Instant from) {
    return ModelPrice.newBuilder()
        .setProvider("anthropic")
        .setModel("claude-sonnet-4-5")
        .setVersion("test:" + from)
        .setSource(PriceSource.OTHER)
        .setEffectiveFrom(from)
        .setInputPerToken(perM("3"))
        .setOutputPerToken(perM("15"))
        .setCacheWrite5mPerToken(perM("3.75"))
        .setCacheWrite1hPerToken(perM("6"))
        .setCacheReadPerToken(perM("0.30"))
        .setTierThresholdTokens(200_000L)
        .setInputAboveTierPerToken(perM("6"))
        .setOutputAboveTierPerToken(perM("22.5"))
        .setCacheWriteAboveTierPerToken(perM("7.5"))
        .setCacheReadAboveTierPerToken(perM("0.6"))
        .setFastMultiplier(null)
        .setPriorityMultiplier(null)
        .setAliases(List.of("claude-sonnet-4-5-20250929"));
  }

  /** A price with only input and output rates (every other rate defaulted). */
  public static ModelPrice.Builder plain(String provider, String model, Instant from, String inPerM, String outPerM) {
    return ModelPrice.newBuilder()
        .setProvider(provider)
        .setModel(model)
        .setVersion("test:" + model + ":" + from)
        .setSource(PriceSource.OTHER)
        .setEffectiveFrom(from)
        .setInputPerToken(perM(inPerM))
        .setOutputPerToken(perM(outPerM))
        .setAliases(List.of());
  }
}
