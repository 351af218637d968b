package dev.tokenledger.pricing;

import dev.tokenledger.events.ModelPrice;
import java.util.Objects;

/**
 * The outcome of looking a model up in the {@link PriceBook} at an instant: either the price version
 * in force, or why there is none.
 */
public sealed interface PriceResolution {

  /** The price in force; {@code normalizedModel} is the price-table key the raw name resolved to. */
  record Found(String normalizedModel, ModelPrice price) implements PriceResolution {
    public Found {
      Objects.requireNonNull(normalizedModel, "normalizedModel");
      Objects.requireNonNull(price, "price");
    }
  }

  /** No price: the model is unknown, or known only from a later effective-from instant. */
  record Missing(String message) implements PriceResolution {
    public Missing {
      Objects.requireNonNull(message, "message");
    }
  }
}
