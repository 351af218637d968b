package dev.tokenledger.agent.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;

/** The period of a daily, weekly or monthly report row, from a local day. */
public enum PeriodKind {
  DAY, WEEK, MONTH;

  /** The first day of the period holding {@code day}; weeks start on {@code weekStart}. */
  public LocalDate start(LocalDate day, DayOfWeek weekStart) {
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(weekStart));
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** How the period is shown: the day, the week's first day, or the month {@code YYYY-MM}. */
  public String label(LocalDate start) {
    return this == MONTH ? YearMonth.from(start).toString() : start.toString();
  }

  public String header() {
    return switch (this) {
      case DAY -> "Date";
      case WEEK -> "Week";
      case MONTH -> "Month";
    };
  }
}
