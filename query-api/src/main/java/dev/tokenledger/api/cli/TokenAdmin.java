package dev.tokenledger.api.cli;

import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.time.Duration;

/**
 * The token commands' store: a writable session (not the API's read-only one) on a warehouse whose
 * migrations are applied first (idempotent), so tokens can be issued before any sink ran.
 */
final class TokenAdmin {

  private static final RetryPolicy RETRY = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30));

  private TokenAdmin() {}

  static ApiTokenStore store(ApiSettings settings) {
    ClickHouseClient client = new ClickHouseHttpClient(settings.clickhouse());
    new MigrationRunner(client, Retrier.system(RETRY, () -> {}), MigrationRunner.shipped()).apply();
    return new ClickHouseApiTokenStore(client);
  }
}
