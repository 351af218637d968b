package dev.tokenledger.api.kafka;

import dev.tokenledger.api.budget.BudgetDefinition;
import dev.tokenledger.api.budget.BudgetPeriod;
import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Maps the domain's {@link BudgetDefinition} to the contract's Avro {@link Budget} and back, and the
 * record key {@code <orgId>|<budgetId>} (the stream processor's; older records carry the bare id).
 */
final class BudgetRecords {

  private BudgetRecords() {}

  static String key(String orgId, String budgetId) {
    return orgId + "|" + budgetId;
  }

  static Budget toAvro(BudgetDefinition b) {
    return Budget.newBuilder()
        .setBudgetId(b.id())
        .setOrgId(b.orgId())
        .setScope(Scope.valueOf(b.scope().name()))
        .setScopeValue(b.value())
        .setPeriod(Period.valueOf(b.period().name()))
        .setLimitUsd(b.limitUsd().setScale(9, RoundingMode.UNNECESSARY))
        .setThresholdsPercent(new ArrayList<>(b.thresholds()))
        .setTimeZone(b.timeZone().orElse(null))
        .setEnabled(b.enabled())
        .setNotify(new ArrayList<>(b.channels()))
        .setUpdatedTime(b.updated())
        .build();
  }

  static BudgetDefinition fromAvro(Budget b) {
    return new BudgetDefinition(
        b.getOrgId(),
        b.getBudgetId(),
        BudgetScope.valueOf(b.getScope().name()),
        b.getScopeValue(),
        BudgetPeriod.valueOf(b.getPeriod().name()),
        b.getLimitUsd(),
        b.getThresholdsPercent().stream().sorted().distinct().toList(),
        Optional.ofNullable(b.getTimeZone()).filter(z -> !z.isBlank()),
        b.getEnabled(),
        b.getNotify().stream().map(Object::toString).toList(),
        b.getUpdatedTime());
  }
}
