package dev.tokenledger.agent.local;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.UsagePricer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds the {@link RateCard} of a request with the shared pricing ({@link PriceBook#find}, {@link UsagePricer#rates}):
 * the price is looked up once per provider and model name, the rates once per tier, speed and service tier.
 * The price book must hold one version per model (the offline price lists do), so the lookup does not
 * depend on the request's time. Not thread-safe: used by the one thread that tallies.
 */
final class LocalPricing {

  private final Supplier<PriceBook> books;
  private PriceBook book;
  private final Map<String, Map<String, ModelCards>> byProviderAndModel = new HashMap<>();

  /** {@code books} is asked once, at the first request's lookup (the book may still be loading until then). */
  LocalPricing(Supplier<PriceBook> books) {
    this.books = books;
  }

  /** The cards of one model: the two common ones (no speed or service tier) held directly. */
  private static final class ModelCards {
    final ModelPrice price;
    final RateCard unpriced;
    RateCard base;
    RateCard tiered;
    final Map<String, RateCard> others = new HashMap<>();

    ModelCards(ModelPrice price, RateCard unpriced) {
      this.price = price;
      this.unpriced = unpriced;
    }
  }

  RateCard card(ParsedUsage u) {
    Map<String, ModelCards> byModel = byProviderAndModel.computeIfAbsent(u.provider(), k -> new HashMap<>());
    ModelCards found = byModel.get(u.model());
    if (found == null) {
      if (book == null) {
        book = books.get();
      }
      PriceResolution r = book.find(u.provider(), u.model(), u.eventTime());
      found = r instanceof PriceResolution.Found f ? new ModelCards(f.price(), null)
          : new ModelCards(null, RateCard.unpriced(((PriceResolution.Missing) r).message()));
      byModel.put(u.model(), found);
    }
    ModelCards m = found;
    if (m.price == null) {
      return m.unpriced;
    }
    boolean tier = UsagePricer.longContextTier(m.price, prompt(u.tokens()));
    if (u.serviceTier() == null && u.speed() == null) {
      if (tier) {
        return m.tiered != null ? m.tiered : (m.tiered = make(m.price, true, null, null));
      }
      return m.base != null ? m.base : (m.base = make(m.price, false, null, null));
    }
    String key = tier + "\u0000" + u.serviceTier() + "\u0000" + u.speed();
    return m.others.computeIfAbsent(key, k -> make(m.price, tier, u.serviceTier(), u.speed()));
  }

  private static RateCard make(ModelPrice price, boolean tier, String serviceTier, String speed) {
    return RateCard.priced(price, UsagePricer.rates(price, tier, serviceTier, speed));
  }

  /** The whole prompt, saturating (a count past the limits never reaches here: the validator refused it). */
  private static long prompt(TokenCounts t) {
    long sum = t.getInput() + t.getCacheWrite5m() + t.getCacheWrite1h() + t.getCacheRead();
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
