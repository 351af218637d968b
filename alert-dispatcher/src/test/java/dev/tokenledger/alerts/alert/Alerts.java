package dev.tokenledger.alerts.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An alert for unit tests. */
public final class Alerts {

  private Alerts() {}

  public static Alert sample(AlertKind kind, List<String> channels) {
    return new Alert("acme|team-budget|2026-12-01T00:00:00Z|80|1000", kind, "acme", "team-budget", "COST_CENTRE", "R&D <north>",
        "MONTH", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), 80,
        new BigDecimal("1812.345678901"), new BigDecimal("2000.000000000"), new BigDecimal("90.6173"),
        new BigDecimal("5.123456789"), Optional.of(Instant.parse("2026-12-08T12:00:00Z")), "evt-1",
        Instant.parse("2026-12-06T09:30:00Z"), channels);
  }
}
