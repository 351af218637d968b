package dev.tokenledger.api.query;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request parameters (from the HTTP query string or the command line) into a {@link SpendQuery}.
 *
 * <ul>
 *   <li>{@code group_by} — comma-separated dimensions (e.g. {@code team,model}); default none
 *   <li>{@code granularity} — total | day | week | month; default total
 *   <li>{@code month} — a calendar month {@code YYYY-MM} (shorthand for from/to)
 *   <li>{@code from}, {@code to} — days {@code YYYY-MM-DD}, to exclusive; default the current month
 *   <li>{@code <dimension>} — an equality filter, e.g. {@code team=platform}
 *   <li>{@code limit} — 1..100000, default 1000
 * </ul>
 */
public final class SpendRequestParser {

  private final ZoneId zone;
  private final Clock clock;

  public SpendRequestParser(ZoneId zone, Clock clock) {
    this.zone = zone;
    this.clock = clock;
  }

  public SpendQuery parse(Map<String, String> params) {
    List<Dimension> groupBy = new ArrayList<>();
    Granularity granularity = Granularity.TOTAL;
    Map<Dimension, String> filters = new EnumMap<>(Dimension.class);
    YearMonth current = YearMonth.now(clock.withZone(zone));
    LocalDate from = current.atDay(1);
    LocalDate to = current.plusMonths(1).atDay(1);
    boolean explicitRange = false;
    int limit = 1000;
    for (Map.Entry<String, String> p : params.entrySet()) {
      String value = p.getValue() == null ? "" : p.getValue().trim();
      switch (p.getKey()) {
        case "group_by" -> {
          for (String d : value.split(",")) {
            if (!d.isBlank()) {
              groupBy.add(Dimension.parse(d));
            }
          }
        }
        case "granularity" -> granularity = Granularity.parse(value);
        case "month" -> {
          YearMonth m = parseMonth(value);
          from = m.atDay(1);
          to = m.plusMonths(1).atDay(1);
          explicitRange = true;
        }
        case "from" -> from = parseDay("from", value);
        case "to" -> to = parseDay("to", value);
        case "limit" -> {
          try {
            limit = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit: not a number: '" + value + "'");
          }
        }
        default -> {
          Dimension d;
          try {
            d = Dimension.parse(p.getKey());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown parameter '" + p.getKey()
                + "' (known: group_by, granularity, month, from, to, limit, or a dimension filter: " + Dimension.names() + ")");
          }
          filters.put(d, value);
        }
      }
    }
    if (explicitRange && (params.containsKey("from") || params.containsKey("to"))) {
      throw new IllegalArgumentException("give either month or from/to, not both");
    }
    return new SpendQuery(groupBy, granularity, from, to, zone, filters, limit);
  }

  private static LocalDate parseDay(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": not a day YYYY-MM-DD: '" + value + "'");
    }
  }

  private static YearMonth parseMonth(String value) {
    try {
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("month: not a month YYYY-MM: '" + value + "'");
    }
  }
}
