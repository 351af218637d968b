package dev.tokenledger.processor.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CalendarPeriodsTest {

  private final CalendarPeriods la = new CalendarPeriods(ZoneId.of("America/Los_Angeles"));

  @Test
  void monthsFollowTheLocalCalendarNotUtc() {
    Instant lastFebSecond = Instant.parse("2026-03-01T07:59:59Z"); // 2026-02-28 23:59:59 PST
    PeriodWindow feb = la.of(Period.MONTH, lastFebSecond);
    assertThat(feb.start()).isEqualTo(Instant.parse("2026-02-01T08:00:00Z"));
    assertThat(feb.end()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    assertThat(Duration.between(feb.start(), feb.end())).isEqualTo(Duration.ofDays(28));
    PeriodWindow march = la.of(Period.MONTH, feb.end());
    assertThat(march.start()).isEqualTo(feb.end());
    // March loses an hour to daylight saving: 31 days minus one hour, ending at 07:00Z (PDT)
    assertThat(march.end()).isEqualTo(Instant.parse("2026-04-01T07:00:00Z"));
  }

  @Test
  void daysAcrossADaylightSavingChangeAre23Hours() {
    PeriodWindow day = la.of(Period.DAY, Instant.parse("2026-03-08T12:00:00Z"));
    assertThat(Duration.between(day.start(), day.end())).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void weeksAreIsoWeeksStartingMonday() {
    PeriodWindow week = la.of(Period.WEEK, Instant.parse("2026-01-01T12:00:00Z")); // a Thursday
    assertThat(week.start()).isEqualTo(Instant.parse("2025-12-29T08:00:00Z"));
    assertThat(week.end()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
  }

  @Test
  void hoursFollowHalfHourZones() {
    CalendarPeriods kolkata = new CalendarPeriods(ZoneId.of("Asia/Kolkata"));
    PeriodWindow hour = kolkata.of(Period.HOUR, Instant.parse("2026-01-01T10:10:00Z"));
    assertThat(hour.start()).isEqualTo(Instant.parse("2026-01-01T09:30:00Z"));
    assertThat(hour.contains(Instant.parse("2026-01-01T10:29:59.999Z"))).isTrue();
    assertThat(hour.contains(Instant.parse("2026-01-01T10:30:00Z"))).isFalse();
  }
}
