package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.warehouse.UsageDailyTable;
import java.util.Map;

/** The warehouse's daily rollups, {@code usage_daily} of the warehouse catalogue, as a {@link RollupTable}. */
public final class DailyRollupTable {

  private DailyRollupTable() {}

  public static RollupTable in(String database) {
    return new RollupTable(
        database,
        UsageDailyTable.NAME,
        UsageDailyTable.ORG_ID.name(),
        UsageDailyTable.DIMENSION.name(),
        UsageDailyTable.VALUE.name(),
        UsageDailyTable.DAY.name(),
        UsageDailyTable.REQUESTS.name(),
        UsageDailyTable.COST_USD.name(),
        UsageDailyTable.CACHE_SAVINGS_USD.name(),
        UsageDailyTable.NOT_FINAL_COST_USD.name(),
        Map.of(
            TokenClass.INPUT, UsageDailyTable.INPUT_TOKENS.name(),
            TokenClass.OUTPUT, UsageDailyTable.OUTPUT_TOKENS.name(),
            TokenClass.CACHE_WRITE_5M, UsageDailyTable.CACHE_WRITE_5M_TOKENS.name(),
            TokenClass.CACHE_WRITE_1H, UsageDailyTable.CACHE_WRITE_1H_TOKENS.name(),
            TokenClass.CACHE_READ, UsageDailyTable.CACHE_READ_TOKENS.name(),
            TokenClass.REASONING, UsageDailyTable.REASONING_TOKENS.name()));
  }
}
