package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.events.BudgetBreach;
import java.util.List;
import java.util.Optional;

/** The Avro {@link BudgetBreach} as an {@link Alert}. */
public final class BreachAlerts {

  private BreachAlerts() {}

  public static Alert of(BudgetBreach b) {
    return new Alert(b.getBreachId(), kindOf(b), b.getOrgId(), b.getBudgetId(), b.getScope().name(), b.getScopeValue(),
        b.getPeriod().name(), b.getPeriodStart(), b.getPeriodEnd(), b.getThresholdPercent(), b.getSpendUsd(),
        b.getLimitUsd(), b.getPercentOfLimit(), b.getBurnRateUsdPerHour(),
        Optional.ofNullable(b.getProjectedExhaustionTime()), b.getTriggeringEventId(), b.getDetectedTime(),
        b.getNotify() == null ? List.of() : b.getNotify());
  }

  /**
   * The breach's {@code kind}: a forecast, or a crossing; a kind newer than this reader (read as
   * {@code OTHER}) is alerted as a crossing, so nothing goes unsaid.
   */
  static AlertKind kindOf(BudgetBreach b) {
    return switch (b.getKind()) {
      case FORECAST -> AlertKind.FORECAST;
      case CROSSED, OTHER -> AlertKind.CROSSED;
    };
  }
}
