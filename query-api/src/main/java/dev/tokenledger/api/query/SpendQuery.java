package dev.tokenledger.api.query;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A question about spend: which dimensions to group by, in which time buckets, over which half-open
 * range of calendar days [from, to) in the organisation time zone, restricted by equality filters. A value
 * object that describes the question only; the warehouse adapter turns it into SQL
 * ({@code api.clickhouse.SpendSql}).
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
}
