package dev.tokenledger.processor.calendar;

import dev.tokenledger.events.Period;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Objects;

/**
 * Calendar periods in one time zone: local hours, local days (midnight to midnight, 23 or 25 hours
 * across daylight-saving changes), ISO weeks (Monday to Monday) and calendar months (28 to 31 days).
 * These are not fixed-length windows, which is why the processor computes them here instead of using
 * Kafka Streams' time windows.
 */
public final class CalendarPeriods {

  /** The periods every rollup is kept for. */
  public static final List<Period> ROLLUP_PERIODS = List.of(Period.HOUR, Period.DAY, Period.WEEK, Period.MONTH);

  private final ZoneId zone;

  public CalendarPeriods(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  public ZoneId zone() {
    return zone;
  }

  /** The period of kind {@code period} that contains {@code t}. */
  public PeriodWindow of(Period period, Instant t) {
    ZonedDateTime z = t.atZone(zone);
    return switch (period) {
      case HOUR -> {
        ZonedDateTime start = z.truncatedTo(ChronoUnit.HOURS);
        yield new PeriodWindow(period, start.toInstant(), start.plusHours(1).toInstant());
      }
      case DAY -> days(period, z.toLocalDate(), 1);
      case WEEK -> days(period, z.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 7);
      case MONTH -> {
        LocalDate first = z.toLocalDate().withDayOfMonth(1);
        yield new PeriodWindow(period, first.atStartOfDay(zone).toInstant(), first.plusMonths(1).atStartOfDay(zone).toInstant());
      }
      default -> throw new IllegalArgumentException("no calendar period for " + period);
    };
  }

  private PeriodWindow days(Period period, LocalDate first, int days) {
    return new PeriodWindow(period, first.atStartOfDay(zone).toInstant(), first.plusDays(days).atStartOfDay(zone).toInstant());
  }
}
