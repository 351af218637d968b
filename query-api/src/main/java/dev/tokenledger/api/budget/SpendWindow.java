package dev.tokenledger.api.budget;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Which spend a budget's period covers, as the warehouse can answer it: whole organisation-zone days
 * (the daily rollups hold them) when the period's zone is the organisation's, else the exact instants
 * (the events: a Berlin day is not a day of a UTC organisation's rollups).
 */
public sealed interface SpendWindow {

  /** Organisation-zone calendar days {@code [from, to)}. */
  record Days(LocalDate from, LocalDate to) implements SpendWindow {}

  /** Event times {@code [from, to)}. */
  record Instants(Instant from, Instant to) implements SpendWindow {}

  /** The window of {@code period} for a warehouse whose days are in {@code orgZone}. */
  static SpendWindow of(PeriodWindow period, java.time.ZoneId orgZone) {
    return period.zone().normalized().equals(orgZone.normalized()) || period.zone().equals(orgZone)
        ? new Days(period.firstDay(), period.endDay())
        : new Instants(period.start(), period.end());
  }
}
