package dev.tokenledger.agent.local;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The price book of the offline reports: the LiteLLM list bundled with the pricing module (the stream
 * processor's list too), or a LiteLLM-format file the user names. Every price is in force from the epoch,
 * one version per model, so a request of any date is priced with the list's price.
 */
public final class OfflinePrices {

  /** The price book and where it came from (shown in the reports). */
  public record Loaded(PriceBook book, String description) {}

  private OfflinePrices() {}

  public static Loaded bundled() {
    return new Loaded(book(new LiteLlmSnapshot().loadShipped(Instant.EPOCH)), "bundled LiteLLM list");
  }

  /** A LiteLLM {@code model_prices_and_context_window.json}; a missing, unreadable or empty file is an {@link IllegalArgumentException}. */
  public static Loaded fromFile(Path file) {
    List<ModelPrice> prices;
    try (InputStream in = Files.newInputStream(file)) {
      prices = new LiteLlmSnapshot().load(in, Instant.EPOCH);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--prices: no such file: " + file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--prices: cannot read " + file + " as a LiteLLM price list: " + e.getMessage());
    }
    if (prices.isEmpty()) {
      throw new IllegalArgumentException("--prices: " + file + " holds no price of a known provider");
    }
    return new Loaded(book(prices), file.toString());
  }

  private static PriceBook book(List<ModelPrice> prices) {
    PriceBook book = new PriceBook();
    prices.forEach(book::put);
    return book;
  }
}
