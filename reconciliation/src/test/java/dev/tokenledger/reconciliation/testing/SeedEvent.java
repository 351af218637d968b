package dev.tokenledger.reconciliation.testing;

import dev.tokenledger.reconciliation.TokenCounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One ledger event the ITs insert into {@code usage_events}; cost is the event's {@code cost_total}. */
public record SeedEvent(String eventId, Instant time, String provider, String source, String model, String email,
    long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, BigDecimal cost) {

  public LocalDate utcDay() {
    return time.atZone(ZoneOffset.UTC).toLocalDate();
  }

  public TokenCounts tokens() {
    return new TokenCounts(input, output, cacheWrite5m + cacheWrite1h, cacheRead);
  }
}
