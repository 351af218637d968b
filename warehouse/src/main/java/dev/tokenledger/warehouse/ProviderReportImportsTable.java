package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code provider_report_imports} (migration V009): one row per imported UTC day and report, also for a day
 * without figures; after {@code FINAL} the latest import of each day, whose rows of
 * {@link ProviderReportRowsTable} are the ones that count. {@code origin} is {@code api} or {@code files}.
 */
public final class ProviderReportImportsTable {

  public static final String NAME = "provider_report_imports";

  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column PROVIDER = Column.of("provider", "String");
  public static final Column REPORT = Column.of("report", "String");
  public static final Column DAY = Column.of("day", "Date");
  public static final Column IMPORT_VERSION = Column.of("import_version", "UInt64");
  public static final Column ROW_COUNT = Column.of("row_count", "UInt32");
  public static final Column ORIGIN = Column.of("origin", "String");
  public static final Column IMPORTED_TIME = Column.of("imported_time", "DateTime('UTC')");

  /** Every column, in insert order. */
  public static final Table TABLE = new Table(NAME, List.of(ORG_ID, PROVIDER, REPORT, DAY, IMPORT_VERSION, ROW_COUNT,
      ORIGIN, IMPORTED_TIME));

  private ProviderReportImportsTable() {}
}
