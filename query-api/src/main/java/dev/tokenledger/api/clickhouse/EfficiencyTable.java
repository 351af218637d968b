package dev.tokenledger.api.clickhouse;

import dev.tokenledger.warehouse.McpInventoryTable;
import dev.tokenledger.warehouse.SessionCommitsTable;
import dev.tokenledger.warehouse.UsageEventsTable;

/**
 * The tables the efficiency questions read, with the columns only they use, all from the warehouse
 * catalogue: the priced events as a {@link SpendTable} plus their long-context flag, and the commits
 * agents saw during sessions ({@code session_commits}) and the configured MCP servers ({@code mcp_inventory}).
 *
 * @param events the spend mapping of {@code usage_events}
 * @param longContextColumn 1 when the request was billed in the long-context tier
 * @param commitsTable {@code session_commits}, qualified by the database
 * @param inventoryTable {@code mcp_inventory}, qualified by the database
 */
public record EfficiencyTable(SpendTable events, String longContextColumn, String commitsTable, String inventoryTable) {

  public EfficiencyTable {
    SpendTable.requireIdentifier(longContextColumn);
    for (String table : new String[] {commitsTable, inventoryTable}) {
      for (String part : table.split("\\.", -1)) {
        SpendTable.requireIdentifier(part);
      }
    }
  }

  public static EfficiencyTable in(String database) {
    return new EfficiencyTable(PricedEventsTable.in(database), UsageEventsTable.LONG_CONTEXT_TIER.name(),
        database + "." + SessionCommitsTable.NAME, database + "." + McpInventoryTable.NAME);
  }

  /** The commits table's columns (the catalogue's names). */
  static final String COMMIT_ORG = SessionCommitsTable.ORG_ID.name();
  static final String COMMIT_SESSION = SessionCommitsTable.SESSION_ID.name();
  static final String COMMIT_TIME = SessionCommitsTable.COMMIT_TIME.name();
  static final String LINES_ADDED = SessionCommitsTable.LINES_ADDED.name();
  static final String LINES_REMOVED = SessionCommitsTable.LINES_REMOVED.name();
  /** The inventory's columns. */
  static final String INVENTORY_ORG = McpInventoryTable.ORG_ID.name();
  static final String INVENTORY_USER = McpInventoryTable.USER_ID.name();
  static final String INVENTORY_TEAM = McpInventoryTable.TEAM.name();
  static final String INVENTORY_SERVER = McpInventoryTable.SERVER.name();
  static final String INVENTORY_TIME = McpInventoryTable.OBSERVED_TIME.name();
}
