package dev.tokenledger.api.budget;

import dev.tokenledger.api.query.QueryId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Budgets with their current spend: definitions from the {@link BudgetStore}, the spend of each one's
 * current period from the warehouse ({@link BudgetSpendSource}), periods in the budget's zone or the
 * organisation's. Who may call what is decided by the caller of this service (the HTTP routes).
 */
public final class BudgetService {

  private final BudgetStore store;
  private final BudgetSpendSource spend;
  private final ZoneId orgZone;
  private final Clock clock;

  public BudgetService(BudgetStore store, BudgetSpendSource spend, ZoneId orgZone, Clock clock) {
    this.store = store;
    this.spend = spend;
    this.orgZone = orgZone;
    this.clock = clock;
  }

  /** A service whose store is never available (budgets not configured). */
  public static BudgetService unavailable(ZoneId orgZone, Clock clock) {
    BudgetStore none = new BudgetStore() {
      @Override
      public List<BudgetDefinition> list(String orgId) {
        throw down();
      }

      @Override
      public Optional<BudgetDefinition> find(String orgId, String budgetId) {
        throw down();
      }

      @Override
      public void put(BudgetDefinition budget) {
        throw down();
      }

      @Override
      public boolean delete(String orgId, String budgetId) {
        throw down();
      }

      private BudgetStoreUnavailableException down() {
        return new BudgetStoreUnavailableException("no budget store configured");
      }
    };
    return new BudgetService(none, (o, s, v, w, id) -> BigDecimal.ZERO, orgZone, clock);
  }

  /** Every budget of the organisation with its current spend, by id. */
  public List<BudgetStatus> list(String orgId, QueryId id) {
    return statuses(store.list(orgId), id);
  }

  public Optional<BudgetStatus> find(String orgId, String budgetId, QueryId id) {
    return store.find(orgId, budgetId).map(b -> status(b, id));
  }

  /** Validates, stores (creates or replaces) and answers the budget with its current spend. */
  public BudgetStatus put(String orgId, BudgetDraft draft, QueryId id) {
    BudgetDefinition b = draft.validate(orgId, clock.instant());
    store.put(b);
    return status(b, id);
  }

  /** The budget as it was before its deletion, or empty when there was none. */
  public Optional<BudgetDefinition> delete(String orgId, String budgetId) {
    Optional<BudgetDefinition> before = store.find(orgId, budgetId);
    if (before.isEmpty() || !store.delete(orgId, budgetId)) {
      return Optional.empty();
    }
    return before;
  }

  /**
   * The budgets that apply to one person: the organisation's ORG budgets, USER budgets of {@code userId},
   * TEAM budgets of {@code teams}, PROJECT and COST_CENTRE budgets of the given ones; most critical first.
   */
  public List<BudgetStatus> applying(String orgId, String userId, Set<String> teams, Set<String> projects, Set<String> costCentres,
      QueryId id) {
    List<BudgetDefinition> mine = new ArrayList<>();
    for (BudgetDefinition b : store.list(orgId)) {
      boolean applies = switch (b.scope()) {
        case ORG -> true;
        case USER -> b.value().equals(userId);
        case TEAM -> teams.contains(b.value());
        case PROJECT -> projects.contains(b.value());
        case COST_CENTRE -> costCentres.contains(b.value());
      };
      if (applies) {
        mine.add(b);
      }
    }
    List<BudgetStatus> out = new ArrayList<>(statuses(mine, id));
    out.sort(BudgetStatus.MOST_CRITICAL_FIRST);
    return out;
  }

  public ZoneId orgZone() {
    return orgZone;
  }

  private List<BudgetStatus> statuses(List<BudgetDefinition> budgets, QueryId id) {
    List<BudgetStatus> out = new ArrayList<>(budgets.size());
    budgets.stream().sorted(Comparator.comparing(BudgetDefinition::id)).forEach(b -> out.add(status(b, id)));
    return out;
  }

  private BudgetStatus status(BudgetDefinition b, QueryId id) {
    Instant now = clock.instant();
    PeriodWindow window = b.period().window(now, b.zone(orgZone));
    BigDecimal spent = spend.spend(b.orgId(), b.scope(), b.value(), SpendWindow.of(window, orgZone), id);
    return BudgetStatus.of(b, window, spent, now);
  }
}
