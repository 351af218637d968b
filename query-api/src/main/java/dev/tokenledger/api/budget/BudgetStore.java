package dev.tokenledger.api.budget;

import java.util.List;
import java.util.Optional;

/**
 * Where an organisation's budget definitions live. Every method throws
 * {@link BudgetStoreUnavailableException} when the store cannot answer; a write returns once it is
 * durable and visible to the next read of this store (read-your-writes).
 */
public interface BudgetStore {

  /** The organisation's budgets, by id. */
  List<BudgetDefinition> list(String orgId);

  Optional<BudgetDefinition> find(String orgId, String budgetId);

  /** Creates or replaces the budget of the same organisation and id. */
  void put(BudgetDefinition budget);

  /** Deletes the budget; false when there was none. */
  boolean delete(String orgId, String budgetId);
}
