package dev.tokenledger.api.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Period windows in the budget's zone: calendar days, ISO weeks from Monday, months; DST days are 23 or 25 hours. */
class BudgetPeriodTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void theDayOfTheAutumnChangeIs25HoursInBerlin() {
    // 2026-10-25: clocks go back 03:00 CEST -> 02:00 CET. 2026-10-24T23:30Z is 01:30 CEST on the 25th.
    PeriodWindow w = BudgetPeriod.DAY.window(Instant.parse("2026-10-24T23:30:00Z"), BERLIN);
    assertThat(w.firstDay()).isEqualTo(LocalDate.of(2026, 10, 25));
    assertThat(w.start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    assertThat(w.length()).isEqualTo(Duration.ofHours(25));
    assertThat(w.localStart()).hasToString("2026-10-25T00:00+02:00");
    assertThat(w.localEnd()).hasToString("2026-10-26T00:00+01:00");
    // the same instant is still the 24th in UTC
    assertThat(BudgetPeriod.DAY.window(Instant.parse("2026-10-24T23:30:00Z"), UTC).firstDay()).isEqualTo(LocalDate.of(2026, 10, 24));
  }

  @Test
  void theSpringChangeDayIs23Hours() {
    PeriodWindow w = BudgetPeriod.DAY.window(Instant.parse("2026-03-29T12:00:00Z"), BERLIN);
    assertThat(w.length()).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void aWeekRunsFromMondayInTheBudgetZoneAcrossTheChange() {
    // Sunday 2026-10-25 23:30 UTC is already Monday 2026-10-26 00:30 in Berlin: a new week there.
    Instant t = Instant.parse("2026-10-25T23:30:00Z");
    PeriodWindow berlin = BudgetPeriod.WEEK.window(t, BERLIN);
    assertThat(berlin.firstDay()).isEqualTo(LocalDate.of(2026, 10, 26));
    assertThat(berlin.endDay()).isEqualTo(LocalDate.of(2026, 11, 2));
    assertThat(berlin.start()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    assertThat(berlin.length()).isEqualTo(Duration.ofDays(7));
    PeriodWindow utc = BudgetPeriod.WEEK.window(t, UTC);
    assertThat(utc.firstDay()).isEqualTo(LocalDate.of(2026, 10, 19));
    // the week holding the change (Mon 19th to Mon 26th in Berlin) is 7 days and one hour
    PeriodWindow before = BudgetPeriod.WEEK.window(Instant.parse("2026-10-25T12:00:00Z"), BERLIN);
    assertThat(before.firstDay()).isEqualTo(LocalDate.of(2026, 10, 19));
    assertThat(before.length()).isEqualTo(Duration.ofDays(7).plusHours(1));
  }

  @Test
  void aMonthIsTheCalendarMonth() {
    PeriodWindow w = BudgetPeriod.MONTH.window(Instant.parse("2026-10-31T23:30:00Z"), BERLIN);
    assertThat(w.firstDay()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(w.endDay()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(BudgetPeriod.MONTH.window(Instant.parse("2026-02-10T00:00:00Z"), UTC).endDay()).isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  void theOrgZoneReadsDaysAnotherZoneReadsInstants() {
    PeriodWindow berlin = BudgetPeriod.DAY.window(Instant.parse("2026-10-24T23:30:00Z"), BERLIN);
    assertThat(SpendWindow.of(berlin, BERLIN)).isEqualTo(new SpendWindow.Days(LocalDate.of(2026, 10, 25), LocalDate.of(2026, 10, 26)));
    assertThat(SpendWindow.of(berlin, UTC)).isEqualTo(
        new SpendWindow.Instants(Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z")));
  }
}
