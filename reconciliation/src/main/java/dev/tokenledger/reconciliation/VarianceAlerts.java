package dev.tokenledger.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which reconciliation rows become alerts: those over the threshold on a day that has a provider import. A
 * day without any import is not a variance but a missing import (the report is not there yet): it is left
 * out, and counted.
 */
public final class VarianceAlerts {

  /** The alerts, and how many rows over the threshold were left out because their day has no import. */
  public record Selection(List<VarianceAlert> alerts, int withoutImport) {}

  private VarianceAlerts() {}

  /**
   * @param importVersions per provider, the latest import version of each day that has one
   */
  public static Selection select(String orgId, List<ReconciliationRow> rows, ReconciliationTable table,
      Map<Provider, Map<LocalDate, Long>> importVersions, List<String> channels, Instant now) {
    List<VarianceAlert> out = new ArrayList<>();
    int withoutImport = 0;
    for (ReconciliationRow r : rows) {
      if (!table.overThreshold(r)) {
        continue;
      }
      Long version = importVersions.getOrDefault(r.provider(), Map.of()).get(r.day());
      if (version == null) {
        withoutImport++;
        continue;
      }
      out.add(new VarianceAlert(orgId, r, table.threshold(), version, now, channels));
    }
    return new Selection(out, withoutImport);
  }
}
