package dev.tokenledger.api.cli;

import dev.tokenledger.api.clickhouse.ClickHouseEfficiencyRepository;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.EfficiencyTable;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.efficiency.EfficiencyRepository;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRequestParser;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.time.Clock;
import java.util.Map;

/** Wires the query role's parts from its settings (one place, used by every command). */
record Warehouse(ApiSettings settings, ClickHouseClient client, SpendRepository spend, SpendRequestParser requests,
    EfficiencyRepository efficiency) {

  static Warehouse from(ApiSettings settings) {
    // A read-only session: the API can never change data.
    ClickHouseClient client = new ClickHouseHttpClient(settings.clickhouse(), Map.of("readonly", "1"));
    ClickHouseSpendRepository spend = ClickHouseSpendRepository.of(client, new QueryLimits(settings.limits().maxExecutionTime(),
        settings.limits().maxRowsToRead(), settings.limits().maxMemoryUsageBytes()));
    return new Warehouse(
        settings,
        client,
        spend,
        new SpendRequestParser(settings.zone(), Clock.systemUTC(), settings.limits().maxRangeDays()),
        new ClickHouseEfficiencyRepository(spend, EfficiencyTable.in(client.database()), Clock.systemUTC()));
  }

  boolean reachable() {
    try {
      client.query("SELECT 1 AS ok FORMAT TabSeparatedWithNames");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
