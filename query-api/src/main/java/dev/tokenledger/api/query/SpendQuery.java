package dev.tokenledger.api.query;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A question about spend: which dimensions to group by, in which time buckets, over which half-open
 * range of calendar days [from, to) in the organisation time zone, restricted by equality filters. A value
 * object: it renders itself to SQL with every value escaped, and is tested against exact SQL.
 *
 * @param groupBy dimensions to group by, in output order (may be empty: one total per bucket)
 * @param granularity time bucket
 * @param from first day included
 * @param to first day excluded
 * @param zone organisation time zone the days and buckets are computed in
 * @param filters dimension = value restrictions
 * @param limit maximum rows (1..100000)
 */
public record SpendQuery(
    List<Dimension> groupBy,
    Granularity granularity,
    LocalDate from,
    LocalDate to,
    ZoneId zone,
    Map<Dimension, String> filters,
    int limit) {

  public static final int MAX_LIMIT = 100_000;

  public SpendQuery {
    groupBy = List.copyOf(groupBy);
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    filters = Map.copyOf(filters);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    if (groupBy.size() != groupBy.stream().distinct().count()) {
      throw new IllegalArgumentException("a dimension appears twice in group-by: " + groupBy);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
  }

  /** The SQL for {@code table}, returning the columns {@link SpendRow} reads, ordered by bucket then cost. */
  public String toSql(SpendTable table) {
    List<String> select = new ArrayList<>();
    List<String> group = new ArrayList<>();
    String bucket = granularity.bucketColumn(table);
    if (bucket != null) {
      select.add(bucket + " AS period");
      group.add("period");
    }
    for (Dimension d : groupBy) {
      select.add(table.column(d) + " AS " + d.wireName());
      group.add(d.wireName());
    }
    select.add("count() AS requests");
    select.add("uniqExact(" + table.column(Dimension.SESSION) + ") AS sessions");
    for (TokenClass t : TokenClass.values()) {
      select.add("sum(" + table.tokenColumn(t) + ") AS " + t.wireName());
    }
    select.add("sum(" + table.costColumn() + ") AS cost_usd");

    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select));
    sql.append(" FROM ").append(table.qualifiedName()).append(" FINAL");
    // Days are org-zone calendar days; the event_time bound (one day wider: any zone is within
    // +-14h of UTC) only lets ClickHouse skip partitions and never changes the answer.
    sql.append(" WHERE ").append(table.dayColumn()).append(" >= ").append(SqlLiteral.date(from))
        .append(" AND ").append(table.dayColumn()).append(" < ").append(SqlLiteral.date(to))
        .append(" AND ").append(table.timeColumn()).append(" >= toDateTime(")
        .append(SqlLiteral.string(from.minusDays(1) + " 00:00:00")).append(", 'UTC')")
        .append(" AND ").append(table.timeColumn()).append(" < toDateTime(")
        .append(SqlLiteral.string(to.plusDays(1) + " 00:00:00")).append(", 'UTC')");
    for (Map.Entry<Dimension, String> f : new TreeMap<>(filters).entrySet()) {
      sql.append(" AND ").append(table.column(f.getKey())).append(" = ").append(SqlLiteral.string(f.getValue()));
    }
    if (!group.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", group));
    }
    sql.append(" ORDER BY ").append(bucket != null ? "period, " : "").append("cost_usd DESC");
    for (Dimension d : groupBy) {
      sql.append(", ").append(d.wireName());
    }
    sql.append(" LIMIT ").append(limit);
    sql.append(" FORMAT TabSeparatedWithNames");
    return sql.toString();
  }
}
