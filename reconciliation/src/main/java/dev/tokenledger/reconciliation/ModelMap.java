package dev.tokenledger.reconciliation;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The provider's model ids mapped to the ledger's {@code model}: explicit entries from the configuration,
 * otherwise the id itself (Claude Code and Codex record the API's model id). A provider id that neither
 * side shares shows as two rows, one on each side, never as a silent drop.
 */
public final class ModelMap {

  public static final ModelMap IDENTITY = new ModelMap(Map.of());

  private final Map<String, String> providerToLedger;

  public ModelMap(Map<String, String> providerToLedger) {
    this.providerToLedger = new TreeMap<>(Objects.requireNonNull(providerToLedger, "providerToLedger"));
  }

  public String ledgerModel(String providerModel) {
    return providerToLedger.getOrDefault(providerModel, providerModel);
  }

  public Map<String, String> entries() {
    return Map.copyOf(providerToLedger);
  }
}
