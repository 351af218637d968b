package dev.tokenledger.agent.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the daily, weekly, monthly and session reports from hourly spend rows (UTC hours, grouped by
 * model — and by session and project for the session report), keeping the hours whose local day lies in
 * the range. Every total is the sum of every kept row, so it never depends on what is shown.
 */
public final class UsageReports {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private UsageReports() {}

  /** The periods of {@code kind} (weeks from {@code weekStart}), ascending unless {@code descending}. */
  public static Report periods(String name, PeriodKind kind, DayOfWeek weekStart, ReportRange range, List<UsageRow> hourly,
      boolean descending) {
    Map<LocalDate, Map<String, Usage>> byPeriod = new TreeMap<>();
    Usage total = Usage.ZERO;
    for (UsageRow r : hourly) {
      if (r.hour() == null) {
        throw new IllegalStateException("an hourly answer without an hour");
      }
      if (!range.contains(r.hour())) {
        continue;
      }
      LocalDate start = kind.start(range.dayOf(r.hour()), weekStart);
      byPeriod.computeIfAbsent(start, k -> new TreeMap<>()).merge(r.key("model"), r.usage(), Usage::plus);
      total = total.plus(r.usage());
    }
    List<ReportRow> rows = new ArrayList<>();
    byPeriod.forEach((start, models) -> rows.add(row(kind.label(start), Map.of(), models)));
    if (descending) {
      java.util.Collections.reverse(rows);
    }
    Map<String, String> meta = meta(range);
    if (kind == PeriodKind.WEEK) {
      meta.put("start_of_week", weekStart.name().toLowerCase(java.util.Locale.ROOT));
    }
    return new Report(name, kind.header(), List.of(), rows, total, meta);
  }

  /**
   * One row per session (from hourly rows grouped by session, project and model, with request times):
   * its project(s), its last activity in the report's zone, its models; sessions ordered by last activity.
   */
  public static Report sessions(ReportRange range, List<UsageRow> hourly, boolean descending) {
    Map<String, Map<String, Usage>> models = new HashMap<>();
    Map<String, java.util.TreeSet<String>> projects = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    Usage total = Usage.ZERO;
    for (UsageRow r : hourly) {
      if (!range.contains(r.hour())) {
        continue;
      }
      String s = r.key("session");
      models.computeIfAbsent(s, k -> new TreeMap<>()).merge(r.key("model"), r.usage(), Usage::plus);
      projects.computeIfAbsent(s, k -> new java.util.TreeSet<>()).add(r.key("project"));
      Instant l = r.last() != null ? r.last() : r.hour();
      last.merge(s, l, (a, b) -> a.isAfter(b) ? a : b);
      total = total.plus(r.usage());
    }
    Comparator<String> byLast = Comparator.comparing((String s) -> last.get(s)).thenComparing(Comparator.naturalOrder());
    List<String> ids = models.keySet().stream().sorted(descending ? byLast.reversed() : byLast).toList();
    List<ReportRow> rows = new ArrayList<>();
    for (String s : ids) {
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("project", String.join(", ", projects.get(s)));
      extra.put("last_activity", MINUTE.format(last.get(s).atZone(range.zone())));
      rows.add(row(s, extra, models.get(s)));
    }
    return new Report("session", "Session", List.of("Project", "Last Activity"), rows, total, meta(range));
  }

  static ReportRow row(String label, Map<String, String> extra, Map<String, Usage> models) {
    List<ModelUsage> m = new ArrayList<>();
    Usage sum = Usage.ZERO;
    for (Map.Entry<String, Usage> e : models.entrySet()) {
      m.add(new ModelUsage(e.getKey(), e.getValue()));
      sum = sum.plus(e.getValue());
    }
    return new ReportRow(label, extra, m, sum);
  }

  static Map<String, String> meta(ReportRange range) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("time_zone", range.zone().getId());
    meta.put("since", range.since().toString());
    meta.put("until", range.until().toString());
    return meta;
  }

  /** The local minute of an instant, as the reports show it. */
  public static String minute(Instant t, ZoneId zone) {
    return MINUTE.format(t.atZone(zone));
  }
}
