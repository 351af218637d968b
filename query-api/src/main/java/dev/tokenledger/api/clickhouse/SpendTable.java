package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.TokenClass;
import java.util.Map;
import java.util.Objects;

/**
 * Where priced events live in the warehouse: the table and the column behind each dimension, token
 * class and the cost, taken from the warehouse catalogue ({@link PricedEventsTable}), so the SQL never
 * spells a column name itself. The day, week
 * (Monday) and month columns hold calendar periods in the organisation time zone, computed once when
 * the row was written, so every reader uses the same calendar as the stream processor's rollups.
 */
public record SpendTable(
    String database,
    String table,
    String timeColumn,
    String dayColumn,
    String weekColumn,
    String monthColumn,
    String costColumn,
    String savingsColumn,
    String eventIdColumn,
    String parentSessionColumn,
    String sidechainColumn,
    Map<Dimension, String> dimensionColumns,
    Map<TokenClass, String> tokenColumns) {

  public SpendTable {
    requireIdentifier(database);
    requireIdentifier(table);
    requireIdentifier(timeColumn);
    requireIdentifier(dayColumn);
    requireIdentifier(weekColumn);
    requireIdentifier(monthColumn);
    requireIdentifier(costColumn);
    requireIdentifier(savingsColumn);
    requireIdentifier(eventIdColumn);
    requireIdentifier(parentSessionColumn);
    requireIdentifier(sidechainColumn);
    dimensionColumns = Map.copyOf(dimensionColumns);
    tokenColumns = Map.copyOf(tokenColumns);
    dimensionColumns.values().forEach(SpendTable::requireIdentifier);
    tokenColumns.values().forEach(SpendTable::requireIdentifier);
  }

  public String qualifiedName() {
    return database + "." + table;
  }

  public String column(Dimension d) {
    String c = dimensionColumns.get(d);
    if (c == null) {
      throw new IllegalArgumentException("the warehouse has no column for dimension " + d.wireName());
    }
    return c;
  }

  /**
   * The SQL expression of a dimension's value: its column, or for {@link Dimension#CHAIN} the side-chain
   * flag as {@code 'main'} / {@code 'subagent'}.
   */
  public String expression(Dimension d) {
    if (d == Dimension.CHAIN) {
      return "if(" + sidechainColumn + " = 1, '" + Dimension.SUBAGENT_CHAIN + "', '" + Dimension.MAIN_CHAIN + "')";
    }
    return column(d);
  }

  /**
   * The expression of a {@code granularity} bucket: the column holding its first day, the UTC hour's start
   * for {@link Granularity#HOUR}, or null for {@link Granularity#TOTAL}.
   */
  public String bucketColumn(Granularity granularity) {
    return switch (granularity) {
      case TOTAL -> null;
      case HOUR -> "toStartOfHour(" + timeColumn + ")";
      case DAY -> dayColumn;
      case WEEK -> weekColumn;
      case MONTH -> monthColumn;
    };
  }

  public String tokenColumn(TokenClass t) {
    return Objects.requireNonNull(tokenColumns.get(t), () -> "no column for " + t);
  }

  static void requireIdentifier(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw new IllegalArgumentException("not a plain SQL identifier: '" + name + "'");
    }
  }
}
