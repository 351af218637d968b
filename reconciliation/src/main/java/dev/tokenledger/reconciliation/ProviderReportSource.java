package dev.tokenledger.reconciliation;

import java.util.List;

/**
 * Where a provider's reports come from: its Admin API, or pages of it exported to files (air-gapped sites).
 * Rows are returned as the report has them (several rows of one key are added up by the {@link Importer}).
 */
public interface ProviderReportSource {

  Provider provider();

  /** {@code api} or {@code files}: recorded with each import. */
  String origin();

  /** Every figure of {@code report} for the UTC days of {@code range}, all pages read. */
  List<ProviderRow> fetch(ReportKind report, DayRange range) throws ProviderReportException;
}
