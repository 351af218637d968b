package dev.tokenledger.alerts.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A variance for unit tests: the ledger $10.60 against the provider's $10.00 (+6 %) on 2026-11-01. */
public final class Variances {

  private Variances() {}

  public static Variance sample(List<String> channels) {
    return new Variance("acme|anthropic|2026-11-01|claude-opus-4||1733011200000", "acme", "anthropic",
        LocalDate.of(2026, 11, 1), "claude-opus-4", "", "DIFFERENT", 1_100_000, 1_000_000, 100_000,
        Optional.of(new BigDecimal("0.100000")), new BigDecimal("10.600000000"), new BigDecimal("10.000000000"),
        new BigDecimal("0.600000000"), Optional.of(new BigDecimal("0.060000")), new BigDecimal("0.050000"),
        1_733_011_200_000L, Instant.parse("2026-11-02T06:00:00Z"), channels);
  }
}
