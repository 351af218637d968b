package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An efficiency question: the usage of the calendar days [from, to) in {@code zone}, restricted to sets of
 * allowed values per dimension (the caller's scope is added as filters, exactly like a spend question).
 * The range is the half-open instant range [{@link #start()}, {@link #end()}) of event times.
 *
 * @param from first day included
 * @param to first day excluded
 * @param zone the time zone the days are taken in (the organisation's unless the request names one)
 * @param filters dimension in (values) restrictions; every set non-empty
 */
public record EfficiencyQuery(LocalDate from, LocalDate to, ZoneId zone, Map<Dimension, Set<String>> filters) {

  public EfficiencyQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    Map<Dimension, Set<String>> copy = new EnumMap<>(Dimension.class);
    filters.forEach((d, values) -> {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("filter " + d.wireName() + " allows no value");
      }
      copy.put(d, Set.copyOf(new TreeSet<>(values)));
    });
    filters = Map.copyOf(copy);
  }

  /** The question's days and filters as a spend question (for the access policy, which scopes spend questions). */
  public SpendQuery asSpendQuery() {
    return new SpendQuery(List.of(), Granularity.TOTAL, from, to, zone, filters, SortOrder.COST, new PageRequest(0, 1), false);
  }

  /** The question with the filters of {@code scoped} (the same question after the access policy added the caller's scope). */
  public EfficiencyQuery scopedBy(SpendQuery scoped) {
    return new EfficiencyQuery(from, to, zone, scoped.filters());
  }

  /** The first instant of {@code from} in the zone. */
  public Instant start() {
    return from.atStartOfDay(zone).toInstant();
  }

  /** The first instant of {@code to} in the zone. */
  public Instant end() {
    return to.atStartOfDay(zone).toInstant();
  }

  /** The first instant of the outlier baseline: {@code days} days before {@code from}. */
  public Instant baselineStart(int days) {
    return from.minusDays(days).atStartOfDay(zone).toInstant();
  }
}
