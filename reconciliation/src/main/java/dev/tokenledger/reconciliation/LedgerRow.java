package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The ledger's figure for one UTC day (from {@code event_time}, not the organisation's {@code event_day}),
 * ledger model and subject ({@code ""} when reconciling by model; the user's e-mail address by subject).
 */
public record LedgerRow(LocalDate day, String model, String subject, TokenCounts tokens, BigDecimal costUsd) {

  public LedgerRow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(costUsd, "costUsd");
  }
}
