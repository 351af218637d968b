package dev.tokenledger.agent.local;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.pricing.AppliedRates;

/**
 * How the requests of one model at one tier, speed and service tier are priced: at {@link AppliedRates}
 * (from the summed tokens when they are additive, else request by request), or not at all (the model is
 * unpriced, with the reason). One instance per combination, compared by identity, so a group key holding
 * it costs no decimal comparison per request.
 */
final class RateCard {

  /** The price version, or null when unpriced. */
  final ModelPrice price;
  /** The rates, or null when unpriced. */
  final AppliedRates rates;
  final boolean additive;
  /** Why there is no price, or null. */
  final String unpriced;

  private RateCard(ModelPrice price, AppliedRates rates, String unpriced) {
    this.price = price;
    this.rates = rates;
    this.additive = rates != null && rates.additive();
    this.unpriced = unpriced;
  }

  static RateCard priced(ModelPrice price, AppliedRates rates) {
    return new RateCard(price, rates, null);
  }

  static RateCard unpriced(String reason) {
    return new RateCard(null, null, reason);
  }

  boolean isPriced() {
    return rates != null;
  }
}
