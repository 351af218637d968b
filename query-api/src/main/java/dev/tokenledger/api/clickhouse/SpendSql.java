package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.tokenledger.api.query.SortOrder;

/**
 * The ClickHouse SQL of a {@link SpendQuery}: identifiers only from the {@link SpendTable} mapping, every
 * value through the warehouse's escaper. Tested against exact SQL strings (ADR 0400).
 */
public final class SpendSql {

  private SpendSql() {}

  /** The SQL for {@code table}, returning the columns {@link ClickHouseSpendRepository} reads, ordered by bucket then cost. */
  public static String render(SpendQuery query, SpendTable table) {
    List<String> select = new ArrayList<>();
    List<String> group = new ArrayList<>();
    String bucket = table.bucketColumn(query.granularity());
    if (bucket != null) {
      select.add(bucket + " AS period");
      group.add("period");
    }
    for (Dimension d : query.groupBy()) {
      select.add(table.column(d) + " AS " + d.wireName());
      group.add(d.wireName());
    }
    select.add("count() AS requests");
    if (query.withSessions()) {
      select.add("uniqExact(" + table.column(Dimension.SESSION) + ") AS sessions");
    }
    for (TokenClass t : TokenClass.values()) {
      select.add("sum(" + table.tokenColumn(t) + ") AS " + t.wireName());
    }
    select.add("sum(" + table.costColumn() + ") AS cost_usd");
    select.add("sum(cache_savings) AS cache_savings_usd");

    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select));
    sql.append(" FROM ").append(table.qualifiedName()).append(" FINAL");
    // Days are org-zone calendar days; the event_time bound (one day wider: any zone is within
    // +-14h of UTC) only lets ClickHouse skip partitions and never changes the answer.
    sql.append(" WHERE ").append(table.dayColumn()).append(" >= ").append(SqlLiteral.date(query.from()))
        .append(" AND ").append(table.dayColumn()).append(" < ").append(SqlLiteral.date(query.to()))
        .append(" AND ").append(table.timeColumn()).append(" >= toDateTime(")
        .append(SqlLiteral.quote(query.from().minusDays(1) + " 00:00:00")).append(", 'UTC')")
        .append(" AND ").append(table.timeColumn()).append(" < toDateTime(")
        .append(SqlLiteral.quote(query.to().plusDays(1) + " 00:00:00")).append(", 'UTC')");
    for (Map.Entry<Dimension, Set<String>> f : new TreeMap<>(query.filters()).entrySet()) {
      sql.append(" AND ").append(table.column(f.getKey())).append(" IN (")
          .append(f.getValue().stream().sorted().map(SqlLiteral::quote).collect(Collectors.joining(", "))).append(")");
    }
    if (!group.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", group));
    }
    List<String> order = new ArrayList<>();
    if (bucket != null) {
      order.add("period");
    }
    if (query.order() == SortOrder.COST) {
      order.add("toFloat64(cost_usd) DESC");
    }
    query.groupBy().forEach(d -> order.add(d.wireName()));
    if (!order.isEmpty()) {
      sql.append(" ORDER BY ").append(String.join(", ", order));
    }
    sql.append(" LIMIT ").append(query.page().offset()).append(", ").append(query.page().limit() + 1);
    sql.append(" FORMAT TabSeparatedWithNames");
    return sql.toString();
  }
}
