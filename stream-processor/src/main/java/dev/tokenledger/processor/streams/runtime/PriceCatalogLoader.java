package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.pricing.PriceCatalog;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import dev.tokenledger.pricing.overrides.PriceOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.tokenledger.events.PriceSource;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
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

  /**
   * The records that make the price topic hold {@code prices}: every version of the catalogue, then a
   * tombstone for every override on the topic ({@code current}, key → price) that the catalogue no
   * longer has — an override removed from the file stops applying. List prices are never withdrawn:
   * older snapshots are the price history of older events.
   */
  public static List<Map.Entry<String, ModelPrice>> replacing(Map<String, ModelPrice> current, List<ModelPrice> prices) {
    List<Map.Entry<String, ModelPrice>> out = new ArrayList<>(asRecords(prices));
    Set<String> keep = new HashSet<>();
    out.forEach(r -> keep.add(r.getKey()));
    new TreeMap<>(current).forEach((key, price) -> {
      if (price.getSource() == PriceSource.OVERRIDE && !keep.contains(key)) {
        out.add(new AbstractMap.SimpleEntry<>(key, null));
      }
    });
    return out;
  }
}
