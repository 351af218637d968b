package dev.tokenledger.reconciliation;

/** How a reconciliation row's two sides compare. */
public enum MatchStatus {
  /** Both sides have the key; tokens and cost are equal. */
  MATCHED("matched"),
  /** Both sides have the key; tokens or cost differ. */
  DIFFERENT("different"),
  /** Only the ledger has the key (the provider reported nothing for it). */
  LEDGER_ONLY("ledger_only"),
  /** Only the provider's report has the key (the ledger recorded nothing for it). */
  PROVIDER_ONLY("provider_only");

  private final String id;

  MatchStatus(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
