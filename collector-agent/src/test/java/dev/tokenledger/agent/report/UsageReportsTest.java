package dev.tokenledger.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Periods from UTC hour buckets: local days, week starts, months, the range and the totals. */
class UsageReportsTest {

  private static UsageRow at(String hour, String model, long input, String cost) {
    Instant h = Instant.parse(hour);
    return new UsageRow(h, Map.of("model", model), new Usage(1, input, 2, 3, 4, new BigDecimal(cost)), h, h, null);
  }

  private static ReportRange range(String since, String until, String zone) {
    return new ReportRange(LocalDate.parse(since), LocalDate.parse(until), ZoneId.of(zone), Map.of());
  }

  @Test
  void hoursFallOnTheDayOfTheReportsZone() {
    List<UsageRow> rows = List.of(
        at("2026-11-03T22:00:00Z", "opus", 10, "1.5"),   // 2026-11-04 in Tokyo, 2026-11-03 in New York
        at("2026-11-04T03:00:00Z", "sonnet", 20, "0.25"), // 2026-11-04 in Tokyo, 2026-11-03 in New York (22:00 EST)
        at("2026-11-04T05:00:00Z", "opus", 40, "2"));     // 2026-11-04 in both
    Report tokyo = UsageReports.periods("daily", PeriodKind.DAY, DayOfWeek.MONDAY, range("2026-11-01", "2026-11-30", "Asia/Tokyo"),
        rows, false);
    assertThat(tokyo.rows()).extracting(ReportRow::label).containsExactly("2026-11-04");
    Report newYork = UsageReports.periods("daily", PeriodKind.DAY, DayOfWeek.MONDAY,
        range("2026-11-01", "2026-11-30", "America/New_York"), rows, false);
    assertThat(newYork.rows()).extracting(ReportRow::label).containsExactly("2026-11-03", "2026-11-04");
    assertThat(newYork.rows().get(0).modelNames()).containsExactly("opus", "sonnet");
    assertThat(newYork.rows().get(0).usage().cost()).isEqualByComparingTo("1.75");
    assertThat(newYork.total()).isEqualTo(tokyo.total());
    assertThat(newYork.total().input()).isEqualTo(70);
  }

  @Test
  void onlyHoursWhoseLocalDayIsInTheRangeCountTowardsRowsAndTotal() {
    List<UsageRow> rows = List.of(
        at("2026-10-31T23:00:00Z", "m", 1, "1"),  // 2026-11-01 00:00 in Berlin (CET): in
        at("2026-10-31T22:00:00Z", "m", 2, "2"),  // 2026-10-31 23:00 in Berlin: out
        at("2026-11-30T22:00:00Z", "m", 4, "4"),  // 2026-11-30 23:00: in
        at("2026-11-30T23:00:00Z", "m", 8, "8")); // 2026-12-01: out
    Report r = UsageReports.periods("monthly", PeriodKind.MONTH, DayOfWeek.MONDAY, range("2026-11-01", "2026-11-30", "Europe/Berlin"),
        rows, false);
    assertThat(r.rows()).extracting(ReportRow::label).containsExactly("2026-11");
    assertThat(r.total().input()).isEqualTo(5);
    assertThat(r.total().cost()).isEqualByComparingTo("5");
  }

  @Test
  void weeksStartOnMondayOrOnSundayFromTheDays() {
    // Sunday 2026-11-08 and Monday 2026-11-09 (UTC)
    List<UsageRow> rows = List.of(at("2026-11-08T12:00:00Z", "m", 1, "1"), at("2026-11-09T12:00:00Z", "m", 2, "2"),
        at("2026-11-14T12:00:00Z", "m", 4, "4"));
    ReportRange nov = range("2026-11-01", "2026-11-30", "UTC");
    Report monday = UsageReports.periods("weekly", PeriodKind.WEEK, DayOfWeek.MONDAY, nov, rows, false);
    assertThat(monday.rows()).extracting(ReportRow::label).containsExactly("2026-11-02", "2026-11-09");
    assertThat(monday.rows()).extracting(r -> r.usage().input()).containsExactly(1L, 6L);
    Report sunday = UsageReports.periods("weekly", PeriodKind.WEEK, DayOfWeek.SUNDAY, nov, rows, true);
    assertThat(sunday.rows()).extracting(ReportRow::label).containsExactly("2026-11-08");
    assertThat(sunday.rows().get(0).usage().input()).isEqualTo(7);
    assertThat(sunday.meta()).containsEntry("start_of_week", "sunday");
  }

  @Test
  void aDstDayHasItsTwentyFiveHoursAndDescendingOrderReversesTheRows() {
    // Berlin 2026-10-25 runs from 2026-10-24T22:00Z to 2026-10-25T23:00Z: 25 hours
    List<UsageRow> rows = List.of(at("2026-10-24T22:00:00Z", "m", 1, "1"), at("2026-10-25T22:00:00Z", "m", 2, "1"),
        at("2026-10-25T23:00:00Z", "m", 4, "1"));
    Report r = UsageReports.periods("daily", PeriodKind.DAY, DayOfWeek.MONDAY, range("2026-10-20", "2026-10-31", "Europe/Berlin"),
        rows, true);
    assertThat(r.rows()).extracting(ReportRow::label).containsExactly("2026-10-26", "2026-10-25");
    assertThat(r.rows().get(1).usage().input()).isEqualTo(3);
  }

  @Test
  void aZoneWithAHalfHourOffsetIsRefusedBecauseUtcHoursStraddleItsMidnight() {
    assertThatThrownBy(() -> range("2026-11-01", "2026-11-30", "Asia/Kolkata")).hasMessageStartingWith("--timezone:")
        .hasMessageContaining("+05:30");
    // Lord Howe Island is +10:30 in winter and +11 in summer: refused even in its summer, as its range reaches winter
    assertThatThrownBy(() -> range("2026-03-01", "2026-04-30", "Australia/Lord_Howe")).hasMessageContaining("+10:30");
    assertThat(range("2026-12-01", "2026-12-31", "Australia/Lord_Howe").zone().getId()).as("all +11").isEqualTo("Australia/Lord_Howe");
  }

  @Test
  void daysAreReadInBothOfCcusagesFormsAndBadOnesNameTheOption() {
    assertThat(ReportRange.day("--since", "20261103")).isEqualTo(LocalDate.of(2026, 11, 3));
    assertThat(ReportRange.day("--since", "2026-11-03")).isEqualTo(LocalDate.of(2026, 11, 3));
    assertThatThrownBy(() -> ReportRange.day("--until", "3.11.2026")).hasMessageStartingWith("--until:");
    assertThatThrownBy(() -> range("2026-11-05", "2026-11-04", "UTC")).hasMessageContaining("--since");
    assertThatThrownBy(() -> ReportRange.zone("Mars/Olympus")).hasMessageStartingWith("--timezone:");
  }

  @Test
  void theApiIsAskedForTwoMoreDaysOnEachSideAndTheFilters() {
    ReportRange r = new ReportRange(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4), ZoneId.of("UTC"),
        Map.of("team", List.of("a", "b")));
    assertThat(r.apiParams()).containsExactly(Map.entry("from", "2026-11-01"), Map.entry("to", "2026-11-07"),
        Map.entry("team", "a"), Map.entry("team", "b"));
  }

  @Test
  void sessionsAreOrderedByLastActivityWithTheirProjects() {
    Instant h1 = Instant.parse("2026-11-03T10:00:00Z");
    Instant h2 = Instant.parse("2026-11-03T12:00:00Z");
    List<UsageRow> rows = List.of(
        new UsageRow(h1, Map.of("session", "s-b", "project", "p1", "model", "m1"), new Usage(1, 1, 1, 0, 0, BigDecimal.ONE), h1,
            h1.plusSeconds(600), null),
        new UsageRow(h2, Map.of("session", "s-a", "project", "p2", "model", "m2"), new Usage(1, 1, 1, 0, 0, BigDecimal.TEN), h2,
            h2.plusSeconds(60), null),
        new UsageRow(h1, Map.of("session", "s-a", "project", "p2", "model", "m1"), new Usage(1, 1, 1, 0, 0, BigDecimal.ONE), h1,
            h1.plusSeconds(60), null));
    Report r = UsageReports.sessions(range("2026-11-01", "2026-11-30", "Europe/Berlin"), rows, false);
    assertThat(r.rows()).extracting(ReportRow::label).containsExactly("s-b", "s-a");
    assertThat(r.rows().get(1).extra()).containsEntry("project", "p2").containsEntry("last_activity", "2026-11-03 13:01");
    assertThat(r.rows().get(1).modelNames()).containsExactly("m1", "m2");
    assertThat(r.total().cost()).isEqualByComparingTo("12");
  }
}
