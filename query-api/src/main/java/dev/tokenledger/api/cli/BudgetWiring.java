package dev.tokenledger.api.cli;

import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.BudgetSpendSource;
import dev.tokenledger.api.budget.CachingBudgetSpend;
import dev.tokenledger.api.clickhouse.ClickHouseBudgetSpend;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.kafka.KafkaBudgetStore;
import dev.tokenledger.events.Budget;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;

/**
 * The budget store (following the compacted topic) and the budget service over it and the warehouse's
 * spend: one place for {@code api serve} and {@code api budgets}.
 */
record BudgetWiring(KafkaBudgetStore store, BudgetService service) implements AutoCloseable {

  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  /** Starts following the budget topic (not waiting for it); the service answers 503 until it has caught up. */
  static BudgetWiring start(ApiSettings settings, Warehouse warehouse, Clock clock) {
    KafkaBudgetStore store = new KafkaBudgetStore(settings.kafka().connection(), settings.kafka().budgetsTopic(),
        AvroSerde.forValue(Budget.class, CachingSchemaRegistry.connect(RegistryConfig.of(settings.kafka().registryUrl())
            .withBasicAuth(settings.kafka().registryCredentials().basicAuth())
            .withRetries(2, Duration.ofMillis(100), Duration.ofMillis(500)))), WRITE_TIMEOUT).start();
    ClickHouseSpendRepository repository = ClickHouseSpendRepository.of(warehouse.client(), new QueryLimits(
        settings.limits().maxExecutionTime(), settings.limits().maxRowsToRead(), settings.limits().maxMemoryUsageBytes()));
    ClickHouseBudgetSpend spend = ClickHouseBudgetSpend.of(repository, warehouse.client().database());
    // the spend of a scope's period is reused for cache.ttl (status lines poll); the budgets never are
    BudgetSpendSource cached = new CachingBudgetSpend(spend, settings.cache().ttl(), settings.cache().maxEntries(), clock);
    return new BudgetWiring(store, new BudgetService(store, cached, settings.zone(), clock));
  }

  @Override
  public void close() {
    store.close();
  }
}
