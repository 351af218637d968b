package dev.tokenledger.pricing;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The price versions to publish: the LiteLLM snapshot with the organisation overrides layered on top.
 * One version per {@link PriceKey}; at the same key an override replaces the snapshot entry.
 */
public final class PriceCatalog {

  private PriceCatalog() {}

  public static List<ModelPrice> merge(Collection<ModelPrice> snapshot, Collection<ModelPrice> overrides) {
    Map<PriceKey, ModelPrice> byKey = new LinkedHashMap<>();
    for (ModelPrice p : snapshot) {
      byKey.put(PriceKey.of(p), p);
    }
    for (ModelPrice p : overrides) {
      ModelPrice previous = byKey.get(PriceKey.of(p));
      if (previous == null || previous.getSource() != PriceSource.OVERRIDE) {
        byKey.put(PriceKey.of(p), p);
      } else {
        throw new IllegalArgumentException("two overrides for " + PriceKey.of(p));
      }
    }
    return new ArrayList<>(byKey.values());
  }
}
