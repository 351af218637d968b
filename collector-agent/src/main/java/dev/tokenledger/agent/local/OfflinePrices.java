package dev.tokenledger.agent.local;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.litellm.CompactPriceList;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The price book of the offline reports: the LiteLLM list bundled with the pricing module (the stream
 * processor's list too), or a LiteLLM-format file the user names. Every price is in force from the epoch,
 * one version per model, so a request of any date is priced with the list's price.
 */
public final class OfflinePrices {

  /**
   * The price book and where it came from (shown in the reports). The book may still be loading
   * ({@link #bundledInBackground()}): {@link #book()} waits for it.
   */
  public record Loaded(Supplier<PriceBook> books, String description) {
    public Loaded(PriceBook book, String description) {
      this(() -> book, description);
    }

    /** The price book, once loaded. */
    public PriceBook book() {
      return books.get();
    }
  }

  private static final String BUNDLED = "bundled LiteLLM list";
  /** The bundled list started by {@link #loadBundledEarly()}, until a report takes it. */
  private static final AtomicReference<Loaded> EARLY = new AtomicReference<>();

  private OfflinePrices() {}

  public static Loaded bundled() {
    return new Loaded(bundledBook(), BUNDLED);
  }

  /**
   * The bundled list, loaded on a thread of its own while the caller goes on (reading the logs). The load
   * (the compact list, no JSON; mostly the price records' schema, one-off class initialisation) runs at the
   * start of a run, where the caller works on one core: overlapping it takes it off the wall time. The bundled list is
   * part of the build, so it cannot fail to load but by a defect; that failure is rethrown by {@code book()}.
   */
  public static Loaded bundledInBackground() {
    Loaded early = EARLY.getAndSet(null);
    return early != null ? early : startBundled();
  }

  /**
   * Starts loading the bundled list now, before the command line is parsed, for this process's next
   * {@link #bundledInBackground()} (the command line's first words name an offline report that does not
   * name a price file): the load then overlaps the command line's set-up, which runs on one core.
   */
  public static void loadBundledEarly() {
    if (EARLY.get() == null) {
      EARLY.compareAndSet(null, startBundled());
    }
  }

  /** Whether a load started by {@link #loadBundledEarly()} waits for a report (tests). */
  static boolean loadingEarly() {
    return EARLY.get() != null;
  }

  private static Loaded startBundled() {
    CompletableFuture<PriceBook> loading = new CompletableFuture<>();
    Thread loader = new Thread(() -> {
      try {
        loading.complete(bundledBook());
      } catch (Throwable e) {
        loading.completeExceptionally(e);
      }
    }, "price-list-load");
    loader.setDaemon(true);
    loader.start();
    return new Loaded(() -> {
      try {
        return loading.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }, BUNDLED);
  }

  /** The bundled list in the compact form the pricing module's build makes from its JSON (no JSON tree to parse). */
  private static PriceBook bundledBook() {
    return book(CompactPriceList.loadShipped(Instant.EPOCH));
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
