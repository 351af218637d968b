package dev.tokenledger.api.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns request parameters (from the HTTP query string or the command line) into a {@link SpendQuery}.
 * Every error names the parameter.
 *
 * <ul>
 *   <li>{@code group_by} — comma-separated dimensions (e.g. {@code team,model}); default none
 *   <li>{@code granularity} — total | hour | day | week | month; default total (hour: UTC hours, from the events)
 *   <li>{@code month} — a calendar month {@code YYYY-MM} (shorthand for from/to)
 *   <li>{@code from}, {@code to} — days {@code YYYY-MM-DD}, to exclusive; default the current month
 *   <li>{@code <dimension>} — a filter, e.g. {@code team=platform}; repeat it to allow several values
 *   <li>{@code order} — keys | cost; default cost
 *   <li>{@code sessions} — true to count distinct sessions (read from the events)
 *   <li>{@code times} — true to add each row's first and last request instants (read from the events)
 *   <li>{@code limit} — rows per page, 1..10000, default 1000; {@code cursor} — the {@code next} of the previous page
 *   <li>{@code format} — json | csv (read by the HTTP layer, ignored here)
 * </ul>
 */
public final class SpendRequestParser {

  /** The parameters that are not dimension filters. */
  public static final List<String> PARAMETERS =
      List.of("group_by", "granularity", "month", "from", "to", "order", "sessions", "times", "limit", "cursor", "format");

  /** The longest range a question may span unless configured otherwise: three years and a bit. */
  public static final int DEFAULT_MAX_RANGE_DAYS = 1100;

  private final ZoneId zone;
  private final Clock clock;
  private final int maxRangeDays;

  public SpendRequestParser(ZoneId zone, Clock clock) {
    this(zone, clock, DEFAULT_MAX_RANGE_DAYS);
  }

  /** A parser refusing questions whose range spans more than {@code maxRangeDays} days. */
  public SpendRequestParser(ZoneId zone, Clock clock, int maxRangeDays) {
    this.zone = zone;
    this.clock = clock;
    this.maxRangeDays = maxRangeDays;
  }

  /** A single-valued view for callers with one value per parameter (the command line). */
  public SpendQuery parseSingle(Map<String, String> params) {
    Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
    params.forEach((k, v) -> multi.put(k, List.of(v == null ? "" : v)));
    return parse(multi);
  }

  public SpendQuery parse(Map<String, List<String>> params) {
    List<Dimension> groupBy = new ArrayList<>();
    Granularity granularity = Granularity.TOTAL;
    Map<Dimension, Set<String>> filters = new EnumMap<>(Dimension.class);
    YearMonth current = YearMonth.now(clock.withZone(zone));
    LocalDate from = current.atDay(1);
    LocalDate to = current.plusMonths(1).atDay(1);
    SortOrder order = SortOrder.COST;
    boolean sessions = false;
    boolean times = false;
    int limit = PageRequest.DEFAULT_LIMIT;
    int offset = 0;
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      String key = p.getKey();
      if (!PARAMETERS.contains(key)) {
        Dimension d;
        try {
          d = Dimension.parse(key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown parameter '" + ParameterValues.abbreviate(key) + "' (known: " + String.join(", ", PARAMETERS)
              + ", or a dimension filter: " + Dimension.names() + ")");
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : p.getValue()) {
          if (v.length() > 1024) {
            throw new IllegalArgumentException(key + ": a value is longer than 1024 characters");
          }
          values.add(v);
        }
        if (filters.put(d, values) != null) {
          throw new IllegalArgumentException(key + ": dimension given twice under different names");
        }
        continue;
      }
      String value = single(key, p.getValue()).trim();
      switch (key) {
        case "group_by" -> {
          for (String d : value.split(",")) {
            if (!d.isBlank()) {
              try {
                groupBy.add(Dimension.parse(d));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group_by: " + e.getMessage());
              }
            }
          }
        }
        case "granularity" -> {
          try {
            granularity = Granularity.parse(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("granularity: " + e.getMessage());
          }
        }
        case "month" -> {
          YearMonth m = ParameterValues.month("month", value);
          from = m.atDay(1);
          to = m.plusMonths(1).atDay(1);
        }
        case "from" -> from = ParameterValues.day("from", value);
        case "to" -> to = ParameterValues.day("to", value);
        case "order" -> order = SortOrder.parse(value);
        case "sessions" -> sessions = ParameterValues.bool("sessions", value);
        case "times" -> times = ParameterValues.bool("times", value);
        case "limit" -> limit = ParameterValues.wholeNumber("limit", value, 1, PageRequest.MAX_LIMIT);
        case "cursor" -> offset = Cursor.decode(value, params);
        default -> { } // format: the HTTP layer's
      }
    }
    if (params.containsKey("month") && (params.containsKey("from") || params.containsKey("to"))) {
      throw new IllegalArgumentException("month: give either month or from/to, not both");
    }
    if (from.isBefore(to) && java.time.temporal.ChronoUnit.DAYS.between(from, to) > maxRangeDays) {
      throw new IllegalArgumentException("from/to: the range spans " + java.time.temporal.ChronoUnit.DAYS.between(from, to)
          + " days; at most " + maxRangeDays + " (limits.max_range_days)");
    }
    if (offset > PageRequest.MAX_OFFSET) {
      throw new IllegalArgumentException("cursor: past the last page a question may reach; narrow the question");
    }
    return new SpendQuery(groupBy, granularity, from, to, zone, filters, order, new PageRequest(offset, limit), sessions, times);
  }

  static String single(String key, List<String> values) {
    if (values.size() != 1) {
      throw new IllegalArgumentException(key + ": given " + values.size() + " times; give it once");
    }
    return values.get(0) == null ? "" : values.get(0);
  }
}
