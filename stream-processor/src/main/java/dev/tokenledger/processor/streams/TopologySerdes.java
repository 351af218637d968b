package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;

/** The value serdes of the topology, one {@link AvroSerde} per Avro type (keys are strings). */
public record TopologySerdes(
    AvroSerde<UsageEvent> usageEvent,
    AvroSerde<PricedUsage> priced,
    AvroSerde<UsageRollup> rollup,
    AvroSerde<BudgetBreach> breach,
    AvroSerde<RejectedEvent> rejected,
    AvroSerde<Budget> budget,
    AvroSerde<ModelPrice> price) {

  public static TopologySerdes create(SchemaRegistry registry) {
    return new TopologySerdes(
        AvroSerde.forValue(UsageEvent.class, registry),
        AvroSerde.forValue(PricedUsage.class, registry),
        AvroSerde.forValue(UsageRollup.class, registry),
        AvroSerde.forValue(BudgetBreach.class, registry),
        AvroSerde.forValue(RejectedEvent.class, registry),
        AvroSerde.forValue(Budget.class, registry),
        AvroSerde.forValue(ModelPrice.class, registry));
  }
}
