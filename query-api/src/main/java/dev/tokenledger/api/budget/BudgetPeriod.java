package dev.tokenledger.api.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How long a budget's limit lasts: a calendar day, an ISO week (from Monday) or a calendar month, in the budget's zone. */
public enum BudgetPeriod {
  DAY,
  WEEK,
  MONTH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The period holding {@code now}, its calendar days in {@code zone}. */
  public PeriodWindow window(Instant now, ZoneId zone) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate first = switch (this) {
      case DAY -> today;
      case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> today.withDayOfMonth(1);
    };
    LocalDate next = switch (this) {
      case DAY -> first.plusDays(1);
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
    };
    return new PeriodWindow(zone, first, next);
  }

  public static BudgetPeriod parse(String text) {
    try {
      return valueOf(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("one of " + Arrays.stream(values()).map(BudgetPeriod::wireName)
          .collect(Collectors.joining(", ")) + ", not '" + text + "'");
    }
  }
}
