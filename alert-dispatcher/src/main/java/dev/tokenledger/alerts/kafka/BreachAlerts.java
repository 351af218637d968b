package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.events.BudgetBreach;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;

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
   * CROSSED, or what the breach's {@code kind} field says once the schema has one (CROSSED | FORECAST,
   * default CROSSED). Read by name, so this compiles against the schema with or without the field; an
   * unknown symbol is treated as CROSSED.
   */
  static AlertKind kindOf(BudgetBreach b) {
    Schema.Field f = b.getSchema().getField("kind");
    Object v = f == null ? null : b.get(f.pos());
    if (v == null) {
      return AlertKind.CROSSED;
    }
    try {
      return AlertKind.valueOf(v.toString().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return AlertKind.CROSSED;
    }
  }
}
