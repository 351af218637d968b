package dev.tokenledger.api.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * One period of a budget: calendar days {@code [firstDay, endDay)} in {@code zone}, and the instants
 * they span ({@code start} inclusive, {@code end} exclusive). A day with a daylight-saving change is 23
 * or 25 hours long, so {@link #length()} is measured between the instants, not counted in days.
 */
public record PeriodWindow(ZoneId zone, LocalDate firstDay, LocalDate endDay) {

  public PeriodWindow {
    if (!firstDay.isBefore(endDay)) {
      throw new IllegalArgumentException("an empty period: " + firstDay + " to " + endDay);
    }
  }

  public Instant start() {
    return firstDay.atStartOfDay(zone).toInstant();
  }

  public Instant end() {
    return endDay.atStartOfDay(zone).toInstant();
  }

  public Duration length() {
    return Duration.between(start(), end());
  }

  /** The start as a local time with its offset in the zone, e.g. {@code 2026-11-01T00:00+01:00}. */
  public OffsetDateTime localStart() {
    return firstDay.atStartOfDay(zone).toOffsetDateTime();
  }

  public OffsetDateTime localEnd() {
    return endDay.atStartOfDay(zone).toOffsetDateTime();
  }
}
