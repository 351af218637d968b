package dev.tokenledger.pricing;

import dev.tokenledger.events.ModelPrice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The identity of one price version, {@code <provider>/<model>@<effectiveFrom ISO>}: the key of the
 * compacted price topic, so a newer version of a model never overwrites an older one.
 */
public record PriceKey(String provider, String model, Instant effectiveFrom) {

  public PriceKey {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    if (provider.isBlank() || provider.contains("/")) {
      throw new IllegalArgumentException("invalid provider '" + provider + "'");
    }
    if (model.isBlank() || model.contains("@")) {
      throw new IllegalArgumentException("invalid model '" + model + "'");
    }
  }

  public static PriceKey of(ModelPrice price) {
    return new PriceKey(price.getProvider(), price.getModel(), price.getEffectiveFrom());
  }

  /** Parses {@code provider/model@instant}; throws {@link IllegalArgumentException} when malformed. */
  public static PriceKey parse(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    int at = key == null ? -1 : key.lastIndexOf('@');
    if (slash <= 0 || at <= slash + 1 || at == key.length() - 1) {
      throw new IllegalArgumentException("price key '" + key + "' is not <provider>/<model>@<effectiveFrom>");
    }
    try {
      return new PriceKey(key.substring(0, slash), key.substring(slash + 1, at), Instant.parse(key.substring(at + 1)));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("price key '" + key + "' has an invalid effective-from instant", e);
    }
  }

  /** The family key ({@code provider/model}) shared by all versions of a model. */
  public String family() {
    return provider + "/" + model;
  }

  @Override
  public String toString() {
    return family() + "@" + effectiveFrom;
  }
}
