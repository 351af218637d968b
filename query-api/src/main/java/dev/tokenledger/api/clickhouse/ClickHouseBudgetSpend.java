package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.api.budget.BudgetSpendSource;
import dev.tokenledger.api.budget.SpendWindow;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import java.math.BigDecimal;

/** A budget's spend from the warehouse ({@link BudgetSql}), under the same limits and error mapping as every API query. */
public final class ClickHouseBudgetSpend implements BudgetSpendSource {

  private final ClickHouseSpendRepository repository;
  private final SpendTable events;
  private final RollupTable rollups;

  public ClickHouseBudgetSpend(ClickHouseSpendRepository repository, SpendTable events, RollupTable rollups) {
    this.repository = repository;
    this.events = events;
    this.rollups = rollups;
  }

  /** Over the warehouse catalogue's tables in {@code database}. */
  public static ClickHouseBudgetSpend of(ClickHouseSpendRepository repository, String database) {
    return new ClickHouseBudgetSpend(repository, PricedEventsTable.in(database), DailyRollupTable.in(database));
  }

  @Override
  public BigDecimal spend(String orgId, BudgetScope scope, String value, SpendWindow window, QueryId id) {
    TsvTable answer = repository.run(BudgetSql.spend(orgId, scope, value, window, events, rollups), id);
    try {
      return answer.rows().isEmpty() ? BigDecimal.ZERO : new BigDecimal(answer.rows().get(0).get(answer.column("cost_usd")));
    } catch (RuntimeException e) {
      throw new WarehouseException("the warehouse answered unexpectedly", e);
    }
  }
}
