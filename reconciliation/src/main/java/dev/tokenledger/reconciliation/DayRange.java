package dev.tokenledger.reconciliation;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** UTC calendar days {@code from} to {@code to}, both included; at most {@link #MAX_DAYS} days. */
public record DayRange(LocalDate from, LocalDate to) {

  public static final int MAX_DAYS = 366;

  public DayRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new IllegalArgumentException("from " + from + " to " + to + " is longer than " + MAX_DAYS + " days");
    }
  }

  /** The day after {@link #to()}: the exclusive end. */
  public LocalDate endExclusive() {
    return to.plusDays(1);
  }

  public boolean contains(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(to);
  }

  public List<LocalDate> days() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }
}
