package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.TokenClass;
import java.util.Map;
import java.util.Objects;

/**
 * Where the daily rollups live: one row per organisation, dimension, value and day with summed requests,
 * tokens and costs, and the cost of the requests that are not provider-final (a SummingMergeTree, so always read with {@code sum()} and {@code GROUP BY}). Names
 * from the warehouse catalogue ({@link DailyRollupTable}); days are organisation-zone calendar days.
 */
public record RollupTable(
    String database,
    String table,
    String orgColumn,
    String dimensionColumn,
    String valueColumn,
    String dayColumn,
    String requestsColumn,
    String costColumn,
    String savingsColumn,
    String notFinalCostColumn,
    Map<TokenClass, String> tokenColumns) {

  public RollupTable {
    SpendTable.requireIdentifier(database);
    SpendTable.requireIdentifier(table);
    SpendTable.requireIdentifier(orgColumn);
    SpendTable.requireIdentifier(dimensionColumn);
    SpendTable.requireIdentifier(valueColumn);
    SpendTable.requireIdentifier(dayColumn);
    SpendTable.requireIdentifier(requestsColumn);
    SpendTable.requireIdentifier(costColumn);
    SpendTable.requireIdentifier(savingsColumn);
    SpendTable.requireIdentifier(notFinalCostColumn);
    tokenColumns = Map.copyOf(tokenColumns);
    tokenColumns.values().forEach(SpendTable::requireIdentifier);
  }

  public String qualifiedName() {
    return database + "." + table;
  }

  public String tokenColumn(TokenClass t) {
    return Objects.requireNonNull(tokenColumns.get(t), () -> "no column for " + t);
  }
}
