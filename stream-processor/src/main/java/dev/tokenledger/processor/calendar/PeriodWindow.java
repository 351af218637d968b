package dev.tokenledger.processor.calendar;

import dev.tokenledger.events.Period;
import java.time.Instant;
import java.util.Objects;

/** One calendar period: [start, end) as instants, computed in a time zone. */
public record PeriodWindow(Period period, Instant start, Instant end) {
  public PeriodWindow {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period end " + end + " is not after its start " + start);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
