package dev.tokenledger.processor.budget;

import dev.tokenledger.events.Budget;

/**
 * The key of a budget on the compacted budget topic: {@code <orgId>|<budgetId>}. Budget ids are chosen
 * by each organisation, so the id alone would let one organisation's budget replace another's. Org ids
 * and budget ids never contain {@code |}.
 */
public final class BudgetKeys {

  private BudgetKeys() {}

  public static String of(String orgId, String budgetId) {
    return orgId + "|" + budgetId;
  }

  public static String of(Budget b) {
    return of(b.getOrgId(), b.getBudgetId());
  }

  /**
   * Whether {@code key} may carry {@code b}: its scoped key, or (for records written before keys were
   * scoped) its bare budget id.
   */
  public static boolean matches(String key, Budget b) {
    return key.equals(of(b)) || key.equals(b.getBudgetId());
  }
}
