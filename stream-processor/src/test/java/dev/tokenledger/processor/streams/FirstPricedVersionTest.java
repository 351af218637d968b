package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.CostQuote;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.pricing.UnpriceableUsageException;
import dev.tokenledger.pricing.UsagePricer;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The first priced version made with setters is the record the builder makes, field for field and byte for byte. */
class FirstPricedVersionTest {

  @Test
  void isTheRecordTheBuilderMakesWithEveryDefault() {
    AvroSerde<PricedUsage> serde = AvroSerde.forValue(PricedUsage.class, new InMemorySchemaRegistry());
    ModelPrice price = Prices.sonnet(Instant.parse("2020-01-01T00:00:00Z")).build();
    UsagePricer pricer = new UsagePricer();
    RandomEvents events = new RandomEvents(2027);
    int longContext = 0;
    int compared = 0;
    for (int i = 0; i < 6_000; i++) {
      UsageEvent e = events.next();
      CostQuote q;
      try {
        q = pricer.quote(price, e.getTokens(), e.getServiceTier(), e.getSpeed());
      } catch (UnpriceableUsageException extreme) {
        continue;   // the random counts include overflowing ones: rejected by the intake before any version is made
      }
      compared++;
      Instant pricedTime = Instant.ofEpochMilli(1_700_000_000_000L + i);
      PricedUsage built = PricedUsage.newBuilder()
          .setEvent(e)
          .setNormalizedModel("model-" + i)
          .setPriceVersion(price.getVersion())
          .setPriceEffectiveFrom(price.getEffectiveFrom())
          .setCost(q.cost())
          .setCacheSavings(q.cacheSavings())
          .setLongContextTier(q.longContextTier())
          .setMultiplier(q.multiplier())
          .setPricedTime(pricedTime)
          .build();
      PricedUsage made = FirstPricedVersion.of(e, "model-" + i, price, q, pricedTime);
      assertThat(made).as("event %d", i).isEqualTo(built);
      assertThat(serde.encode("t", made)).as("event %d", i).isEqualTo(serde.encode("t", built));
      longContext += q.longContextTier() ? 1 : 0;
    }
    assertThat(compared).isGreaterThan(1_000);
    assertThat(longContext).as("both context tiers are exercised").isBetween(1, compared - 1);
  }
}
