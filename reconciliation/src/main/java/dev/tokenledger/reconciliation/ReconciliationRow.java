package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the daily reconciliation: ledger against provider for a UTC day, provider, (ledger) model and
 * subject. Variances are ledger − provider; a share is the variance divided by the provider's figure,
 * empty when the provider's figure is zero (shown as an empty cell in CSV and {@code null} in JSON).
 */
public record ReconciliationRow(LocalDate day, Provider provider, String model, String subject, TokenCounts ledgerTokens,
    TokenCounts providerTokens, BigDecimal ledgerCostUsd, BigDecimal providerCostUsd, MatchStatus status) {

  /** Shares are rounded to this many decimal places (half even). */
  public static final int SHARE_SCALE = 6;

  public ReconciliationRow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(ledgerTokens, "ledgerTokens");
    Objects.requireNonNull(providerTokens, "providerTokens");
    Objects.requireNonNull(ledgerCostUsd, "ledgerCostUsd");
    Objects.requireNonNull(providerCostUsd, "providerCostUsd");
    Objects.requireNonNull(status, "status");
  }

  /** A row whose status follows from which sides had the key and whether the figures agree. */
  public static ReconciliationRow of(LocalDate day, Provider provider, String model, String subject, boolean onLedger,
      TokenCounts ledgerTokens, BigDecimal ledgerCostUsd, boolean onProvider, TokenCounts providerTokens,
      BigDecimal providerCostUsd) {
    MatchStatus status;
    if (onLedger && onProvider) {
      boolean same = ledgerTokens.equals(providerTokens)
          && ledgerCostUsd.compareTo(providerCostUsd) == 0;
      status = same ? MatchStatus.MATCHED : MatchStatus.DIFFERENT;
    } else if (onLedger) {
      status = MatchStatus.LEDGER_ONLY;
    } else if (onProvider) {
      status = MatchStatus.PROVIDER_ONLY;
    } else {
      throw new IllegalArgumentException("a row is on at least one side");
    }
    return new ReconciliationRow(day, provider, model, subject, ledgerTokens, providerTokens, ledgerCostUsd,
        providerCostUsd, status);
  }

  public long tokenVariance() {
    return Math.subtractExact(ledgerTokens.total(), providerTokens.total());
  }

  public Optional<BigDecimal> tokenShare() {
    long provider = providerTokens.total();
    return provider == 0 ? Optional.empty()
        : Optional.of(BigDecimal.valueOf(tokenVariance()).divide(BigDecimal.valueOf(provider), SHARE_SCALE, RoundingMode.HALF_EVEN));
  }

  public BigDecimal costVarianceUsd() {
    return ledgerCostUsd.subtract(providerCostUsd);
  }

  public Optional<BigDecimal> costShare() {
    return providerCostUsd.signum() == 0 ? Optional.empty()
        : Optional.of(costVarianceUsd().divide(providerCostUsd, SHARE_SCALE, RoundingMode.HALF_EVEN));
  }
}
