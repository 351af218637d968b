package dev.tokenledger.api.clickhouse;

import dev.tokenledger.warehouse.UsageEventsTable;

/**
 * The priced-events table as the efficiency questions read it: the {@link SpendTable} mapping plus the
 * columns only these questions use, all from the warehouse catalogue.
 *
 * @param events the spend mapping of {@code usage_events}
 * @param longContextColumn 1 when the request was billed in the long-context tier
 */
public record EfficiencyTable(SpendTable events, String longContextColumn) {

  public EfficiencyTable {
    SpendTable.requireIdentifier(longContextColumn);
  }

  public static EfficiencyTable in(String database) {
    return new EfficiencyTable(PricedEventsTable.in(database), UsageEventsTable.LONG_CONTEXT_TIER.name());
  }
}
