package dev.tokenledger.api.query;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A question about spend: which dimensions to group by, in which time buckets, over which half-open
 * range of calendar days [from, to) in the organisation time zone, restricted to sets of allowed values
 * per dimension, in which order and which page of the answer. A value object that describes the question
 * only; the warehouse adapter turns it into SQL and chooses the rollups whenever they can answer it.
 *
 * @param groupBy dimensions to group by, in output order (may be empty: one total per bucket)
 * @param granularity time bucket
 * @param from first day included
 * @param to first day excluded
 * @param zone organisation time zone the days and buckets are computed in
 * @param filters dimension in (values) restrictions; every set non-empty
 * @param order row order within each period
 * @param page the slice of the answer
 * @param withSessions whether rows carry distinct session counts (which only the events hold)
 * @param withTimes whether rows carry the instants of their first and last request (which only the events hold)
 */
public record SpendQuery(
    List<Dimension> groupBy,
    Granularity granularity,
    LocalDate from,
    LocalDate to,
    ZoneId zone,
    Map<Dimension, Set<String>> filters,
    SortOrder order,
    PageRequest page,
    boolean withSessions,
    boolean withTimes) {

  /** The earliest day a question may name. */
  public static final LocalDate FIRST_DAY = LocalDate.of(2000, 1, 1);
  /** The first day a question may not reach. */
  public static final LocalDate END_DAY = LocalDate.of(2100, 1, 1);

  public SpendQuery {
    groupBy = List.copyOf(groupBy);
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(page, "page");
    Map<Dimension, Set<String>> copy = new EnumMap<>(Dimension.class);
    filters.forEach((d, values) -> {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("filter " + d.wireName() + " allows no value");
      }
      copy.put(d, Set.copyOf(new TreeSet<>(values)));
    });
    filters = Map.copyOf(copy);
    if (from.isBefore(FIRST_DAY) || to.isAfter(END_DAY)) {
      throw new IllegalArgumentException("from/to must lie within " + FIRST_DAY + " .. " + END_DAY + ": " + from + " .. " + to);
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    if (groupBy.size() != groupBy.stream().distinct().count()) {
      throw new IllegalArgumentException("a dimension appears twice in group_by: " + groupBy);
    }
  }

  /** A question without first/last request instants. */
  public SpendQuery(List<Dimension> groupBy, Granularity granularity, LocalDate from, LocalDate to, ZoneId zone,
      Map<Dimension, Set<String>> filters, SortOrder order, PageRequest page, boolean withSessions) {
    this(groupBy, granularity, from, to, zone, filters, order, page, withSessions, false);
  }

  /** True when only the events can answer: session counts, request instants or hourly buckets. */
  public boolean needsEvents() {
    return withSessions || withTimes || granularity == Granularity.HOUR;
  }

  /** The same question restricted further: {@code dimension} in {@code values}. */
  public SpendQuery withFilter(Dimension dimension, Set<String> values) {
    Map<Dimension, Set<String>> f = new EnumMap<>(Dimension.class);
    f.putAll(filters);
    f.put(dimension, values);
    return new SpendQuery(groupBy, granularity, from, to, zone, f, order, page, withSessions, withTimes);
  }

  /** The total of this question: the same range and filters, no grouping, no buckets, one row. */
  public SpendQuery total() {
    return new SpendQuery(List.of(), Granularity.TOTAL, from, to, zone, filters, SortOrder.COST, PageRequest.first(1), false, false);
  }

  /** The same question for another page. */
  public SpendQuery withPage(PageRequest next) {
    return new SpendQuery(groupBy, granularity, from, to, zone, filters, order, next, withSessions, withTimes);
  }
}
