package dev.tokenledger.api.budget;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BudgetStore} in memory for tests; {@link #down} makes every call unavailable. */
public final class InMemoryBudgetStore implements BudgetStore {

  private final Map<String, BudgetDefinition> budgets = new ConcurrentHashMap<>();
  public volatile boolean down;

  @Override
  public List<BudgetDefinition> list(String orgId) {
    check();
    return budgets.values().stream().filter(b -> b.orgId().equals(orgId)).sorted(Comparator.comparing(BudgetDefinition::id)).toList();
  }

  @Override
  public Optional<BudgetDefinition> find(String orgId, String budgetId) {
    check();
    return Optional.ofNullable(budgets.get(orgId + "|" + budgetId));
  }

  @Override
  public void put(BudgetDefinition budget) {
    check();
    budgets.put(budget.orgId() + "|" + budget.id(), budget);
  }

  @Override
  public boolean delete(String orgId, String budgetId) {
    check();
    return budgets.remove(orgId + "|" + budgetId) != null;
  }

  private void check() {
    if (down) {
      throw new BudgetStoreUnavailableException("Kafka unreachable");
    }
  }
}
