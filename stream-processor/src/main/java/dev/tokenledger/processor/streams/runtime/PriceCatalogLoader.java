package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.processor.pricing.PriceCatalog;
import dev.tokenledger.processor.pricing.PriceKey;
import dev.tokenledger.processor.pricing.litellm.LiteLlmSnapshot;
import dev.tokenledger.processor.pricing.overrides.PriceOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/** The price catalogue of a deployment: the shipped snapshot plus the configured overrides, as topic records. */
public final class PriceCatalogLoader {

  private PriceCatalogLoader() {}

  public static List<ModelPrice> load(PricingSettings settings) {
    List<ModelPrice> snapshot = new LiteLlmSnapshot().loadShipped(settings.litellmEffectiveFrom());
    List<ModelPrice> overrides = settings.overridesFile().map(f -> {
      try {
        return new PriceOverrides().load(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }).orElse(List.of());
    return PriceCatalog.merge(snapshot, overrides);
  }

  public static List<Map.Entry<String, ModelPrice>> asRecords(List<ModelPrice> prices) {
    return prices.stream()
        .map(p -> (Map.Entry<String, ModelPrice>) new AbstractMap.SimpleImmutableEntry<>(PriceKey.of(p).toString(), p))
        .toList();
  }
}
