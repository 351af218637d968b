package dev.tokenledger.reconciliation;

/** A provider's report could not be read: the message says which report, why, and never a key. */
public class ProviderReportException extends Exception {

  public ProviderReportException(String message) {
    super(message);
  }

  public ProviderReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
