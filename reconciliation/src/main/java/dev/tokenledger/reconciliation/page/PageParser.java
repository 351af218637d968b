package dev.tokenledger.reconciliation.page;

import dev.tokenledger.reconciliation.ProviderReportException;

/** Reads one page of a report, as the provider's API returns it (and as exported files hold it). */
@FunctionalInterface
public interface PageParser {

  Page parse(String json) throws ProviderReportException;
}
