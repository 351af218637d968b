package dev.tokenledger.alerts.it;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Budget breaches for tests. */
final class Breaches {

  static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

  private Breaches() {}

  /** Breach {@code i} of team {@code team-<i>}, 80 % threshold, naming {@code channels}. */
  static BudgetBreach breach(String run, int i, List<String> channels) {
    String id = run + "|acme|team-budget-" + i + "|" + START + "|80|1000";
    return BudgetBreach.newBuilder()
        .setBreachId(id).setBudgetId("team-budget-" + i).setOrgId("acme")
        .setScope(Scope.TEAM).setScopeValue("team-" + i).setPeriod(Period.MONTH)
        .setPeriodStart(START).setPeriodEnd(Instant.parse("2027-01-01T00:00:00Z"))
        .setThresholdPercent(80)
        .setSpendUsd(new BigDecimal("812.345678901")).setLimitUsd(new BigDecimal("1000.000000000"))
        .setPercentOfLimit(new BigDecimal("81.2346")).setBurnRateUsdPerHour(new BigDecimal("5.123456789"))
        .setProjectedExhaustionTime(Instant.parse("2026-12-08T12:00:00Z"))
        .setTriggeringEventId("evt-" + i).setEventTime(START.plusSeconds(3600L * i))
        .setDetectedTime(START.plusSeconds(3600L * i + 1))
        .setNotify(channels)
        .build();
  }
}
