package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconciliation as another role asks it (the query API): the service over a store with each
 * provider's ledger scope, model map and the alert threshold. {@link #unavailable()} when the role has no
 * store: asking fails with {@link IllegalStateException}.
 */
public record Reconciliations(Optional<ReconciliationService> service, Map<Provider, LedgerScope> scopes,
    Map<Provider, ModelMap> models, BigDecimal threshold) {

  public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("0.05");

  public Reconciliations {
    Objects.requireNonNull(service, "service");
    scopes = Map.copyOf(scopes);
    models = Map.copyOf(models);
    Objects.requireNonNull(threshold, "threshold");
  }

  public static Reconciliations unavailable() {
    return new Reconciliations(Optional.empty(), Map.of(), Map.of(), DEFAULT_THRESHOLD);
  }

  public ReconciliationTable table() {
    return new ReconciliationTable(threshold);
  }

  /**
   * @throws IllegalArgumentException a grouping a provider's reports cannot give
   * @throws IllegalStateException no store is configured
   */
  public List<ReconciliationRow> reconcile(String orgId, List<Provider> providers, GroupBy groupBy, DayRange range) {
    return service.orElseThrow(() -> new IllegalStateException("reconciliation is not available on this server"))
        .reconcile(orgId, providers, groupBy, range, scopes, models);
  }
}
