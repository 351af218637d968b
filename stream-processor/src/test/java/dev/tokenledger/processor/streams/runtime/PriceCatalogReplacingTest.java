package dev.tokenledger.processor.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.pricing.Prices;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing a catalogue withdraws the overrides it no longer has, and never a list price. */
class PriceCatalogReplacingTest {

  private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOV = Instant.parse("2026-11-15T00:00:00Z");

  private static ModelPrice price(String model, Instant from, PriceSource source) {
    return Prices.plain("openai", model, from, "1", "2").setSource(source).setVersion(source + ":" + from).build();
  }

  @Test
  void aRemovedOverrideGetsATombstoneAndOlderListPricesStay() {
    ModelPrice list = price("gpt-4o", JAN, PriceSource.LITELLM);
    ModelPrice oldSnapshot = price("gpt-4o", Instant.parse("2025-01-01T00:00:00Z"), PriceSource.LITELLM);
    ModelPrice removed = price("gpt-4o", NOV, PriceSource.OVERRIDE);
    ModelPrice kept = price("gpt-5", NOV, PriceSource.OVERRIDE);
    Map<String, ModelPrice> onTopic = new HashMap<>();
    for (ModelPrice p : List.of(list, oldSnapshot, removed, kept)) {
      onTopic.put(PriceKey.of(p).toString(), p);
    }

    var records = PriceCatalogLoader.replacing(onTopic, List.of(list, kept));

    assertThat(records).filteredOn(r -> r.getValue() == null).extracting(Map.Entry::getKey)
        .containsExactly(PriceKey.of(removed).toString());
    assertThat(records).filteredOn(r -> r.getValue() != null).extracting(Map.Entry::getValue).containsExactly(list, kept);
  }
}
