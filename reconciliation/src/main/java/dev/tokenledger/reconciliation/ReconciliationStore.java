package dev.tokenledger.reconciliation;

import java.util.List;

/** Where imported provider figures are kept and where the ledger's figures are read (the warehouse). */
public interface ReconciliationStore {

  /**
   * Records {@code rows} (one per key, already added up) as the import {@code version} of {@code report}
   * for every day of {@code range}: for those days it replaces what earlier imports said, also for days
   * that have no row now.
   */
  void saveImport(String orgId, Provider provider, ReportKind report, DayRange range, List<ProviderRow> rows,
      long version, String origin);

  /** The figures of the latest import of each day of {@code range}, of the given reports. */
  List<ProviderRow> providerRows(String orgId, Provider provider, List<ReportKind> reports, DayRange range);

  /**
   * The latest import version of each day of {@code range} that has an import of one of {@code reports} (the
   * highest over those reports); what variance alerts are keyed by. A store that cannot tell refuses.
   */
  default java.util.Map<java.time.LocalDate, Long> importVersions(String orgId, Provider provider, List<ReportKind> reports,
      DayRange range) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no import versions: variances cannot be alerted");
  }

  /** The ledger's figures per UTC day (of {@code event_time}), model and (for {@link GroupBy#SUBJECT}) e-mail. */
  List<LedgerRow> ledgerRows(String orgId, Provider provider, GroupBy groupBy, LedgerScope scope, DayRange range);
}
