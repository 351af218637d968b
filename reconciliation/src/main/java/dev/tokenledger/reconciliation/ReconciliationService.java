package dev.tokenledger.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads both sides from the store and reconciles them, per provider. */
public final class ReconciliationService {

  private final ReconciliationStore store;

  public ReconciliationService(ReconciliationStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The rows of each provider in {@code providers}, with that provider's ledger scope and model map.
   *
   * @throws IllegalArgumentException a grouping a provider's reports cannot give
   */
  public List<ReconciliationRow> reconcile(String orgId, List<Provider> providers, GroupBy groupBy, DayRange range,
      Map<Provider, LedgerScope> scopes, Map<Provider, ModelMap> models) {
    List<ReconciliationRow> out = new ArrayList<>();
    for (Provider p : providers) {
      List<ReportKind> reports = Reconciler.reportsFor(p, groupBy);
      List<LedgerRow> ledger = store.ledgerRows(orgId, p, groupBy, scopes.getOrDefault(p, LedgerScope.ALL), range);
      List<ProviderRow> reported = store.providerRows(orgId, p, reports, range);
      out.addAll(new Reconciler(models.getOrDefault(p, ModelMap.IDENTITY)).reconcile(p, groupBy, ledger, reported));
    }
    return out;
  }

  /** Per provider, the latest import version of each day of {@code range} that has an import of the grouping's reports. */
  public Map<Provider, Map<java.time.LocalDate, Long>> importVersions(String orgId, List<Provider> providers,
      GroupBy groupBy, DayRange range) {
    Map<Provider, Map<java.time.LocalDate, Long>> out = new java.util.EnumMap<>(Provider.class);
    for (Provider p : providers) {
      out.put(p, store.importVersions(orgId, p, Reconciler.reportsFor(p, groupBy), range));
    }
    return out;
  }
}
