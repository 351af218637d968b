package dev.tokenledger.warehouse;

import java.util.List;

/** The catalogue's tables (those programs write or read by column); the migrations create them. */
public final class WarehouseTables {

  public static final List<Table> ALL = List.of(UsageEventsTable.TABLE, BudgetBreachesTable.TABLE, UsageDailyTable.TABLE,
      ApiTokensTable.TABLE, SessionCommitsTable.TABLE, McpInventoryTable.TABLE, ProviderReportRowsTable.TABLE,
      ProviderReportImportsTable.TABLE);

  private WarehouseTables() {}
}
