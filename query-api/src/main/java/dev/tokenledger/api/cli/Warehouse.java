package dev.tokenledger.api.cli;

import dev.tokenledger.api.clickhouse.ClickHouseReader;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.PricedEventsTable;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.config.ApiSettingsParser;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRequestParser;
import java.time.Clock;

/** Wires the query role's parts from the environment (one place, used by every command). */
record Warehouse(ApiSettings settings, ClickHouseReader reader, SpendRepository spend, SpendRequestParser requests) {

  static Warehouse fromEnvironment() {
    ApiSettings settings = ApiSettingsParser.parse(System.getenv());
    ClickHouseReader reader = new ClickHouseReader(settings.clickhouse(), settings.queryTimeout());
    return new Warehouse(
        settings,
        reader,
        new ClickHouseSpendRepository(reader, PricedEventsTable.in(settings.database())),
        new SpendRequestParser(settings.zone(), Clock.systemUTC()));
  }

  boolean reachable() {
    try {
      reader.query("SELECT 1 AS ok FORMAT TabSeparatedWithNames");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
