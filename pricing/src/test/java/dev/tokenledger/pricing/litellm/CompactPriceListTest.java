package dev.tokenledger.pricing.litellm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.pricing.PriceBook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact list shipped with the module holds exactly the prices the JSON gives, for every model. */
class CompactPriceListTest {

  private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");

  @Test
  void the_shipped_compact_list_is_the_json_price_for_price() {
    List<ModelPrice> json = new LiteLlmSnapshot().loadShipped(FROM);
    List<ModelPrice> compact = CompactPriceList.loadShipped(FROM);

    assertThat(compact).hasSize(json.size()).hasSizeGreaterThan(100);
    for (int i = 0; i < json.size(); i++) {
      // field for field, decimals with their scale (toString shows both)
      assertThat(compact.get(i).toString()).isEqualTo(json.get(i).toString());
      assertThat(compact.get(i)).isEqualTo(json.get(i));
    }
  }

  @Test
  void the_books_of_both_forms_resolve_every_model_and_alias_alike() {
    PriceBook fromJson = book(new LiteLlmSnapshot().loadShipped(Instant.EPOCH));
    PriceBook fromCompact = book(CompactPriceList.loadShipped(Instant.EPOCH));
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (ModelPrice p : new LiteLlmSnapshot().loadShipped(Instant.EPOCH)) {
      for (String name : names(p)) {
        assertThat(fromCompact.find(p.getProvider(), name, at).toString())
            .as(p.getProvider() + "/" + name).isEqualTo(fromJson.find(p.getProvider(), name, at).toString());
        assertThat(fromCompact.find(null, name, at).toString())
            .as(name).isEqualTo(fromJson.find(null, name, at).toString());
      }
    }
  }

  @Test
  void effective_from_is_given_at_load() throws IOException {
    List<ModelPrice> prices = new LiteLlmSnapshot().loadShipped(FROM);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompactPriceList.write(prices, out);
    Instant other = Instant.parse("2026-06-01T00:00:00Z");

    List<ModelPrice> read = CompactPriceList.read(new ByteArrayInputStream(out.toByteArray()), other);

    assertThat(read).extracting(ModelPrice::getEffectiveFrom).containsOnly(other);
    assertThat(read.get(0).getModel()).isEqualTo(prices.get(0).getModel());
  }

  @Test
  void other_bytes_are_refused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompactPriceList.write(new LiteLlmSnapshot().loadShipped(FROM).subList(0, 2), out);
    byte[] longer = java.util.Arrays.copyOf(out.toByteArray(), out.size() + 1);

    assertThatThrownBy(() -> CompactPriceList.read(new ByteArrayInputStream("{}".getBytes()), FROM))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CompactPriceList.read(new ByteArrayInputStream(longer), FROM))
        .isInstanceOf(IOException.class).hasMessageContaining("after its 2 prices");
  }

  private static List<String> names(ModelPrice p) {
    List<String> names = new java.util.ArrayList<>(p.getAliases());
    names.add(0, p.getModel());
    return names;
  }

  private static PriceBook book(List<ModelPrice> prices) {
    PriceBook book = new PriceBook();
    prices.forEach(book::put);
    return book;
  }
}
