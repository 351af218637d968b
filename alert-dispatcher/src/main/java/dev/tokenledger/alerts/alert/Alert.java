package dev.tokenledger.alerts.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One budget breach as the channels see it: the facts of the breach, independent of how it travelled.
 *
 * @param channels the channel names the budget asks for, de-duplicated, in the budget's order
 */
public record Alert(String breachId, AlertKind kind, String orgId, String budgetId, String scope, String scopeValue,
    String period, Instant periodStart, Instant periodEnd, int thresholdPercent, BigDecimal spendUsd,
    BigDecimal limitUsd, BigDecimal percentOfLimit, BigDecimal burnRateUsdPerHour,
    Optional<Instant> projectedExhaustion, String triggeringEventId, Instant detectedTime, List<String> channels) {

  public Alert {
    Objects.requireNonNull(breachId, "breachId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(projectedExhaustion, "projectedExhaustion");
    channels = List.copyOf(channels.stream().distinct().toList());
  }

  /** The delivery of this alert to {@code channel}. */
  public DeliveryKey keyFor(String channel) {
    return new DeliveryKey(breachId, channel);
  }
}
