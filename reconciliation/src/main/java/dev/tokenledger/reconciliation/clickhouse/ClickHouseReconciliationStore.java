package dev.tokenledger.reconciliation.clickhouse;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.LedgerRow;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReconciliationStore;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.warehouse.ProviderReportImportsTable;
import dev.tokenledger.warehouse.ProviderReportRowsTable;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The warehouse as the reconciliation's store: provider figures in {@code provider_report_rows}, one
 * {@code provider_report_imports} row per imported day (written after the figures, so a reader never sees
 * an import whose rows are still on their way), the ledger read from {@code usage_events}.
 */
public final class ClickHouseReconciliationStore implements ReconciliationStore {

  private final ClickHouseClient client;
  private final Clock clock;

  public ClickHouseReconciliationStore(ClickHouseClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void saveImport(String orgId, Provider provider, ReportKind report, DayRange range, List<ProviderRow> rows,
      long version, String origin) {
    Instant now = clock.instant();
    try {
      if (!rows.isEmpty()) {
        RowBinaryWriter w = new RowBinaryWriter(rows.size() * 128);
        for (ProviderRow r : rows) {
          w.string(orgId).string(provider.id()).string(report.id()).date(ProviderReportRowsTable.DAY, r.day())
              .string(r.model()).string(r.subject())
              .uint64(ProviderReportRowsTable.INPUT_TOKENS, r.tokens().input())
              .uint64(ProviderReportRowsTable.OUTPUT_TOKENS, r.tokens().output())
              .uint64(ProviderReportRowsTable.CACHE_WRITE_TOKENS, r.tokens().cacheWrite())
              .uint64(ProviderReportRowsTable.CACHE_READ_TOKENS, r.tokens().cacheRead())
              .decimal64(ProviderReportRowsTable.COST_USD, r.costUsd())
              .uint64(ProviderReportRowsTable.IMPORT_VERSION, version)
              .dateTime(ProviderReportRowsTable.IMPORTED_TIME, now);
        }
        client.insert(ProviderReportRowsTable.TABLE.insertRowBinary(), w.toByteArray());
      }
      RowBinaryWriter days = new RowBinaryWriter(range.days().size() * 64);
      for (LocalDate day : range.days()) {
        long count = rows.stream().filter(r -> r.day().equals(day)).count();
        days.string(orgId).string(provider.id()).string(report.id()).date(ProviderReportImportsTable.DAY, day)
            .uint64(ProviderReportImportsTable.IMPORT_VERSION, version)
            .uint32(ProviderReportImportsTable.ROW_COUNT, count)
            .string(origin)
            .dateTime(ProviderReportImportsTable.IMPORTED_TIME, now);
      }
      client.insert(ProviderReportImportsTable.TABLE.insertRowBinary(), days.toByteArray());
    } catch (UnwritableRecordException e) {
      throw new IllegalArgumentException(provider.id() + " " + report.id() + ": a figure cannot be stored: " + e.getMessage(), e);
    }
  }

  @Override
  public List<ProviderRow> providerRows(String orgId, Provider provider, List<ReportKind> reports, DayRange range) {
    TsvTable t = TsvTable.parse(client.query(ReconciliationSql.provider(orgId, provider, reports, range)));
    List<ProviderRow> out = new ArrayList<>(t.rows().size());
    if (t.names().isEmpty()) {
      return out;
    }
    int report = t.column("p_report");
    int day = t.column("p_day");
    int model = t.column("p_model");
    int subject = t.column("p_subject");
    int input = t.column("p_input");
    int output = t.column("p_output");
    int write = t.column("p_cache_write");
    int read = t.column("p_cache_read");
    int cost = t.column("p_cost");
    for (List<String> r : t.rows()) {
      out.add(new ProviderRow(provider, ReportKind.parse(r.get(report)), LocalDate.parse(r.get(day)), r.get(model),
          r.get(subject), new TokenCounts(Long.parseLong(r.get(input)), Long.parseLong(r.get(output)),
          Long.parseLong(r.get(write)), Long.parseLong(r.get(read))), new BigDecimal(r.get(cost))));
    }
    return out;
  }

  @Override
  public java.util.Map<LocalDate, Long> importVersions(String orgId, Provider provider, List<ReportKind> reports,
      DayRange range) {
    TsvTable t = TsvTable.parse(client.query(ReconciliationSql.importVersions(orgId, provider, reports, range)));
    java.util.Map<LocalDate, Long> out = new java.util.TreeMap<>();
    if (t.names().isEmpty()) {
      return out;
    }
    int day = t.column("i_day");
    int version = t.column("i_version");
    for (List<String> r : t.rows()) {
      out.put(LocalDate.parse(r.get(day)), Long.parseLong(r.get(version)));
    }
    return out;
  }

  @Override
  public List<LedgerRow> ledgerRows(String orgId, Provider provider, GroupBy groupBy, LedgerScope scope, DayRange range) {
    TsvTable t = TsvTable.parse(client.query(ReconciliationSql.ledger(orgId, provider, groupBy, scope, range)));
    List<LedgerRow> out = new ArrayList<>(t.rows().size());
    if (t.names().isEmpty()) {
      return out;
    }
    int day = t.column("utc_day");
    int model = t.column("ledger_model");
    int subject = t.column("ledger_subject");
    int input = t.column("l_input");
    int output = t.column("l_output");
    int write = t.column("l_cache_write");
    int read = t.column("l_cache_read");
    int cost = t.column("l_cost");
    for (List<String> r : t.rows()) {
      out.add(new LedgerRow(LocalDate.parse(r.get(day)), r.get(model), r.get(subject),
          new TokenCounts(Long.parseLong(r.get(input)), Long.parseLong(r.get(output)), Long.parseLong(r.get(write)),
              Long.parseLong(r.get(read))), new BigDecimal(r.get(cost))));
    }
    return out;
  }
}
