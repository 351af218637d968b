package dev.tokenledger.agent.report;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report covers: the days {@code since}..{@code until} (both included) in the report's time zone,
 * and the dimension filters ({@code user}, {@code team}, {@code project}, {@code branch}; repeated values
 * allow each). The API's days are the organisation's, so the report asks for UTC hours over a range
 * two days wider on each side (any two zones are less than two days apart) and keeps the hours whose
 * local day lies within its own range — exact for every zone whose offsets are whole hours; a zone with
 * a half-hour offset is refused, because a UTC hour would straddle its midnight.
 */
public record ReportRange(LocalDate since, LocalDate until, ZoneId zone, Map<String, List<String>> filters) {

  /** The API's longest range (limits.max_range_days, default 1100) less the margins. */
  public static final int MAX_DAYS = 1090;

  public ReportRange {
    filters = Map.copyOf(new LinkedHashMap<>(filters));
    if (until.isBefore(since)) {
      throw new IllegalArgumentException("--since (" + since + ") is after --until (" + until + ")");
    }
    if (ChronoUnit.DAYS.between(since, until) >= MAX_DAYS) {
      throw new IllegalArgumentException("--since/--until: at most " + MAX_DAYS + " days at once");
    }
    for (LocalDate d = since.minusDays(1); !d.isAfter(until.plusDays(1)); d = d.plusDays(1)) {
      wholeHours(zone, d.atStartOfDay(zone).toInstant()); // refused before asking the API
    }
  }

  private static void wholeHours(ZoneId zone, Instant at) {
    if (zone.getRules().getOffset(at).getTotalSeconds() % 3600 != 0) {
      throw new IllegalArgumentException("--timezone: " + zone.getId() + " is " + zone.getRules().getOffset(at)
          + " from UTC at " + at + "; reports need a zone whose offset is whole hours (the API answers UTC hours)");
    }
  }

  /** A day as ccusage takes it: {@code YYYYMMDD} or {@code YYYY-MM-DD}. */
  public static LocalDate day(String option, String text) {
    String t = text.trim();
    try {
      return t.matches("\\d{8}") ? LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + ": not a day YYYYMMDD or YYYY-MM-DD: '" + text + "'");
    }
  }

  /** An IANA time zone ({@code Europe/Berlin}, {@code UTC}). */
  public static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("--timezone: not a time zone: '" + text + "' (an IANA name like Europe/Berlin)");
    }
  }

  /** The parameters of the API question: the widened day range and the filters. */
  public List<Map.Entry<String, String>> apiParams() {
    List<Map.Entry<String, String>> p = new ArrayList<>();
    p.add(Map.entry("from", since.minusDays(2).toString()));
    p.add(Map.entry("to", until.plusDays(3).toString()));
    filters.forEach((d, values) -> values.forEach(v -> p.add(Map.entry(d, v))));
    return p;
  }

  /** The local day of an hour bucket's start. */
  public LocalDate dayOf(Instant hour) {
    wholeHours(zone, hour);
    return hour.atZone(zone).toLocalDate();
  }

  /** True when the hour bucket's local day is within since..until. */
  public boolean contains(Instant hour) {
    LocalDate d = dayOf(hour);
    return !d.isBefore(since) && !d.isAfter(until);
  }
}
