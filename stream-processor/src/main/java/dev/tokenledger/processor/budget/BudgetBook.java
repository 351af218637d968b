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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current budgets in memory, by their key on the budget topic ({@link BudgetKeys}). Thread-safe:
 * one writer (the thread following the budget topic), any number of readers.
 */
public final class BudgetBook {

  private final Map<String, Budget> byId = new ConcurrentHashMap<>();
  /** org|scope|value -> budgets, so matching an event costs a few map lookups, not a scan. */
  private final Map<String, Map<String, Budget>> byTarget = new ConcurrentHashMap<>();
  /** key -> the change number of its last put, so stream tasks can evaluate what changed since they last looked. */
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  /**
   * org -> bit set of the scopes (by ordinal) its budgets use, rebuilt by the writer on every change: an
   * event of an organisation without budgets costs one look-up, and only the budgeted scopes of the
   * others are looked at (ADR 0228).
   */
  private final Map<String, Integer> scopesByOrg = new ConcurrentHashMap<>();
  /** org -> number of budgets per scope ordinal (the writer's, under the lock). */
  private final Map<String, int[]> scopeCounts = new java.util.HashMap<>();

  /** Puts {@code budget} under its scoped key. */
  public void put(Budget budget) {
    put(BudgetKeys.of(budget), budget);
  }

  /**
   * Puts {@code budget} under {@code key}, its key on the budget topic. A budget under its scoped key
   * replaces one of the same organisation and id under the bare id (put before keys were scoped), and a
   * bare-id budget is ignored while its scoped replacement exists — in whatever order they arrive.
   */
  public synchronized void put(String key, Budget budget) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(budget, "budget");
    String scoped = BudgetKeys.of(budget);
    if (key.equals(scoped)) {
      Budget legacy = byId.get(budget.getBudgetId());
      if (legacy != null && legacy.getOrgId().equals(budget.getOrgId())) {
        remove(budget.getBudgetId());
      }
    } else if (byId.containsKey(scoped)) {
      return;
    }
    remove(key);
    byId.put(key, budget);
    byTarget.computeIfAbsent(target(budget.getOrgId(), budget.getScope(), budget.getScopeValue()), k -> new ConcurrentHashMap<>())
        .put(key, budget);
    rescope(budget.getOrgId(), budget.getScope(), 1);
    changedAt.put(key, changes.incrementAndGet());
  }

  /** Counts a budget of {@code org} in {@code scope} in (+1) or out (-1) and republishes the org's scopes (under the lock). */
  private void rescope(String org, Scope scope, int delta) {
    int[] counts = scopeCounts.computeIfAbsent(org, o -> new int[Scope.values().length]);
    counts[scope.ordinal()] += delta;
    int mask = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        mask |= 1 << i;
      }
    }
    if (mask == 0) {
      scopeCounts.remove(org);
      scopesByOrg.remove(org);
    } else {
      scopesByOrg.put(org, mask);
    }
  }

  /** The number of puts so far: a reader remembers it and later asks for {@link #changedSince} it. */
  public long changes() {
    return changes.get();
  }

  /** The enabled budgets put (new or changed) after change number {@code seen}. */
  public List<Budget> changedSince(long seen) {
    List<Budget> out = new ArrayList<>();
    changedAt.forEach((key, n) -> {
      Budget b = n > seen ? byId.get(key) : null;
      if (b != null && b.getEnabled()) {
        out.add(b);
      }
    });
    return out;
  }

  /** Removes the budget stored under {@code key}. */
  public synchronized void remove(String key) {
    Budget old = byId.remove(key);
    changedAt.remove(key);
    if (old != null) {
      Map<String, Budget> t = byTarget.get(target(old.getOrgId(), old.getScope(), old.getScopeValue()));
      if (t != null) {
        t.remove(key);
      }
      rescope(old.getOrgId(), old.getScope(), -1);
    }
  }

  public Collection<Budget> all() {
    return byId.values();
  }

  /** The enabled budgets of the event's organisation whose scope the event falls in. */
  public List<Budget> matching(UsageEvent e) {
    Integer scopes = scopesByOrg.get(e.getOrgId());
    if (scopes == null) {
      return List.of();
    }
    List<Budget> out = new ArrayList<>(2);
    for (Scope scope : SCOPES) {
      if ((scopes & (1 << scope.ordinal())) == 0) {
        continue;
      }
      String value = scopeValue(scope, e);
      if (value == null) {
        continue;
      }
      Map<String, Budget> t = byTarget.get(target(e.getOrgId(), scope, value));
      if (t != null) {
        for (Budget b : t.values()) {
          if (b.getEnabled()) {
            out.add(b);
          }
        }
      }
    }
    return out;
  }

  private static final Scope[] SCOPES = {Scope.ORG, Scope.TEAM, Scope.PROJECT, Scope.USER, Scope.COST_CENTRE};

  private static String target(String org, Scope scope, String value) {
    return org + "|" + scope + "|" + value;
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
