package dev.tokenledger.reconciliation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Imports a provider's reports for a range of days: reads every page of each report from the source, adds
 * up rows of one key (a cost report lists each model's token types separately), keeps only the days asked
 * for, and stores them as one import (version = the clock's milliseconds) that replaces earlier imports of
 * those days.
 */
public final class Importer {

  /** What one report's import stored. */
  public record Imported(ReportKind report, int rows, long version) {}

  private final ReconciliationStore store;
  private final Clock clock;

  public Importer(ReconciliationStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public List<Imported> run(String orgId, ProviderReportSource source, List<ReportKind> reports, DayRange range)
      throws ProviderReportException {
    List<Imported> out = new ArrayList<>();
    for (ReportKind report : reports) {
      if (!source.provider().reports().contains(report)) {
        throw new IllegalArgumentException(source.provider().id() + " has no " + report.id() + " report");
      }
      List<ProviderRow> rows = summed(source.fetch(report, range), range);
      long version = clock.millis();
      store.saveImport(orgId, source.provider(), report, range, rows, version, source.origin());
      out.add(new Imported(report, rows.size(), version));
    }
    return out;
  }

  /** Rows of one key added up, rows outside {@code range} left out (a provider snaps buckets to whole days). */
  static List<ProviderRow> summed(List<ProviderRow> rows, DayRange range) {
    Map<ProviderRow.Key, ProviderRow> byKey = new LinkedHashMap<>();
    for (ProviderRow r : rows) {
      if (range.contains(r.day())) {
        byKey.merge(r.key(), r, ProviderRow::plus);
      }
    }
    return List.copyOf(byKey.values());
  }
}
