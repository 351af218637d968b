package dev.tokenledger.alerts.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reconciliation variance as the channels see it (ADR 0802): a day, provider, model and subject whose
 * ledger and provider figures differ by more than the threshold.
 *
 * @param varianceId {@code <org>|<provider>|<day>|<model>|<subject>|<import version>}
 * @param tokenShare (ledger − provider) / provider tokens; empty when the provider reported none
 * @param costShare (ledger − provider) / provider cost; empty when the provider reported none
 * @param channels the channel names to deliver to, de-duplicated, in order
 */
public record Variance(String varianceId, String orgId, String provider, LocalDate day, String model, String subject,
    String status, long ledgerTokens, long providerTokens, long tokenVariance, Optional<BigDecimal> tokenShare,
    BigDecimal ledgerCostUsd, BigDecimal providerCostUsd, BigDecimal costVarianceUsd, Optional<BigDecimal> costShare,
    BigDecimal threshold, long importVersion, Instant detectedTime, List<String> channels) {

  /**
   * How a variance's stand-in breach id starts on the delivery ledger ({@code variance|<varianceId>|<channel>}):
   * breach ids start with an organisation id and digests with {@code digest|}, so the three never meet.
   */
  public static final String ID_PREFIX = "variance|";

  public Variance {
    Objects.requireNonNull(varianceId, "varianceId");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(tokenShare, "tokenShare");
    Objects.requireNonNull(costShare, "costShare");
    Objects.requireNonNull(ledgerCostUsd, "ledgerCostUsd");
    Objects.requireNonNull(providerCostUsd, "providerCostUsd");
    Objects.requireNonNull(costVarianceUsd, "costVarianceUsd");
    Objects.requireNonNull(threshold, "threshold");
    channels = List.copyOf(channels.stream().distinct().toList());
  }

  /** The delivery of this variance to {@code channel}: {@code variance|<varianceId>|<channel>} on the ledger. */
  public DeliveryKey keyFor(String channel) {
    return new DeliveryKey(ID_PREFIX + varianceId, channel);
  }

  /** The same variance delivered to other channels. */
  public Variance withChannels(List<String> other) {
    return new Variance(varianceId, orgId, provider, day, model, subject, status, ledgerTokens, providerTokens,
        tokenVariance, tokenShare, ledgerCostUsd, providerCostUsd, costVarianceUsd, costShare, threshold, importVersion,
        detectedTime, other);
  }
}
