package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.ParameterValues;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRequestParser;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request parameters into an {@link EfficiencyQuery}: the range and filters exactly as a spend
 * question reads them ({@code month} or {@code from}/{@code to}, dimension filters, the same range limit),
 * plus {@code tz} (an IANA zone the days are taken in; default the organisation's) and {@code format}
 * (json only). Grouping, ordering and paging parameters are refused. Every error names the parameter.
 */
public final class EfficiencyRequestParser {

  /** The parameters that are not dimension filters. */
  public static final List<String> PARAMETERS = List.of("month", "from", "to", "tz", "format");

  private static final List<String> SPEND_ONLY = List.of("group_by", "granularity", "order", "sessions", "limit", "cursor");

  private final ZoneId zone;
  private final Clock clock;
  private final int maxRangeDays;

  public EfficiencyRequestParser(ZoneId zone, Clock clock, int maxRangeDays) {
    this.zone = zone;
    this.clock = clock;
    this.maxRangeDays = maxRangeDays;
  }

  public EfficiencyQuery parse(Map<String, List<String>> params) {
    Map<String, List<String>> rest = new LinkedHashMap<>(params);
    for (String p : SPEND_ONLY) {
      if (rest.containsKey(p)) {
        throw new IllegalArgumentException(p + ": not a parameter of efficiency questions (known: " + String.join(", ", PARAMETERS)
            + ", or a dimension filter)");
      }
    }
    for (String key : rest.keySet()) {
      if (!PARAMETERS.contains(key)) {
        try {
          Dimension.parse(key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown parameter '" + ParameterValues.abbreviate(key) + "' (known: "
              + String.join(", ", PARAMETERS) + ", or a dimension filter: " + Dimension.names() + ")");
        }
      }
    }
    ZoneId z = zone;
    List<String> tz = rest.remove("tz");
    if (tz != null) {
      if (tz.size() != 1) {
        throw new IllegalArgumentException("tz: given " + tz.size() + " times; give it once");
      }
      try {
        z = ZoneId.of(tz.get(0).trim());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("tz: not an IANA time zone such as Europe/Berlin: '" + ParameterValues.abbreviate(tz.get(0)) + "'");
      }
    }
    List<String> format = rest.get("format");
    if (format != null && format.size() == 1 && !format.get(0).trim().equalsIgnoreCase("json")) {
      throw new IllegalArgumentException("format: efficiency answers are JSON only");
    }
    SpendQuery spend = new SpendRequestParser(z, clock, maxRangeDays).parse(rest);
    return new EfficiencyQuery(spend.from(), spend.to(), z, spend.filters());
  }
}
