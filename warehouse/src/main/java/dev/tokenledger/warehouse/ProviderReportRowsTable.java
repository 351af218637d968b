package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code provider_report_rows} (migration V009): the providers' own usage and cost figures per UTC day,
 * report, model and subject, as imported for reconciliation. A ReplacingMergeTree by
 * {@code import_version}; readers keep only the rows of the latest import of each day
 * ({@link ProviderReportImportsTable}).
 */
public final class ProviderReportRowsTable {

  public static final String NAME = "provider_report_rows";

  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column PROVIDER = Column.of("provider", "String");
  public static final Column REPORT = Column.of("report", "String");
  public static final Column DAY = Column.of("day", "Date");
  public static final Column MODEL = Column.of("model", "String");
  public static final Column SUBJECT = Column.of("subject", "String");
  public static final Column INPUT_TOKENS = Column.of("input_tokens", "UInt64");
  public static final Column OUTPUT_TOKENS = Column.of("output_tokens", "UInt64");
  public static final Column CACHE_WRITE_TOKENS = Column.of("cache_write_tokens", "UInt64");
  public static final Column CACHE_READ_TOKENS = Column.of("cache_read_tokens", "UInt64");
  public static final Column COST_USD = Column.of("cost_usd", "Decimal(18, 9)");
  public static final Column IMPORT_VERSION = Column.of("import_version", "UInt64");
  public static final Column IMPORTED_TIME = Column.of("imported_time", "DateTime('UTC')");

  /** Every column, in insert order. */
  public static final Table TABLE = new Table(NAME, List.of(ORG_ID, PROVIDER, REPORT, DAY, MODEL, SUBJECT, INPUT_TOKENS,
      OUTPUT_TOKENS, CACHE_WRITE_TOKENS, CACHE_READ_TOKENS, COST_USD, IMPORT_VERSION, IMPORTED_TIME));

  private ProviderReportRowsTable() {}
}
