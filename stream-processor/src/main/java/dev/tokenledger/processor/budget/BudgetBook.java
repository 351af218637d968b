package dev.tokenledger.processor.budget;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current budgets in memory, by budget id. Thread-safe: one writer (the thread following the
 * budget topic), any number of readers.
 */
public final class BudgetBook {

  private final Map<String, Budget> byId = new ConcurrentHashMap<>();

  public void put(Budget budget) {
    byId.put(budget.getBudgetId(), Objects.requireNonNull(budget, "budget"));
  }

  public void remove(String budgetId) {
    byId.remove(budgetId);
  }

  public Collection<Budget> all() {
    return byId.values();
  }

  /** The enabled budgets of the event's organisation whose scope the event falls in. */
  public List<Budget> matching(UsageEvent e) {
    List<Budget> out = new ArrayList<>(2);
    for (Budget b : byId.values()) {
      if (b.getEnabled() && b.getOrgId().toString().equals(e.getOrgId()) && scopeValue(b.getScope(), e) != null
          && scopeValue(b.getScope(), e).equals(b.getScopeValue())) {
        out.add(b);
      }
    }
    return out;
  }

  /** The event's value in a budget scope; the organisation id for ORG; null for scopes budgets do not use. */
  public static String scopeValue(Scope scope, UsageEvent e) {
    return switch (scope) {
      case ORG -> e.getOrgId();
      case TEAM -> e.getTeam();
      case PROJECT -> e.getProjectId();
      case USER -> e.getUserId();
      case COST_CENTRE -> e.getCostCentre();
      default -> null;
    };
  }
}
