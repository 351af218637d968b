package dev.tokenledger.processor.streams;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.CostQuote;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.LogicalTypes;

/**
 * The first priced version of an event (revision 0, nothing replaced), made with the record's all-fields
 * constructor instead of its builder: the builder deep-copies the schema default of every field left unset — eight
 * decimals converted from their byte defaults on every event, ~3.5 % of the stream threads' CPU (ADR
 * 0227). The "nothing replaced" values are the schema's defaults, taken once.
 */
final class FirstPricedVersion {

  /** The defaults of the replaced-cost decimals: zero at the schema's scale. */
  private static final BigDecimal NOTHING_REPLACED = BigDecimal.ZERO.setScale(
      ((LogicalTypes.Decimal) PricedUsage.getClassSchema().getField("replacedCostTotal").schema().getLogicalType()).getScale());

  private FirstPricedVersion() {}

  static PricedUsage of(UsageEvent event, String normalizedModel, ModelPrice price, CostQuote q, Instant pricedTime) {
    BigDecimal none = NOTHING_REPLACED;
    return new PricedUsage(event, normalizedModel, price.getVersion(), price.getEffectiveFrom(), q.cost(), q.cacheSavings(),
        q.longContextTier(), q.multiplier(), pricedTime,
        0,                          // revision
        0L, 0L, 0L, 0L, 0L, 0L, 0L, // replaced tokens: input, output, cache write 5m and 1h, cache read, reasoning, tool
        none, none, none, none, none, none, none, // replaced costs: input, output, cache write 5m and 1h, cache read, total, savings
        "");                        // replaced accuracy
  }
}
