package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Priced events and breaches for warehouse and sink tests: a valid record, override what a test is about. */
public final class PricedEvents {

  private PricedEvents() {}

  /** A priced Claude Code event whose total cost is {@code total} (split input 40 % / output 60 %). */
  public static PricedUsage.Builder priced(UsageEvent event, BigDecimal total) {
    BigDecimal input = total.multiply(new BigDecimal("0.4")).setScale(9, java.math.RoundingMode.HALF_EVEN);
    BigDecimal output = total.setScale(9).subtract(input);
    return PricedUsage.newBuilder()
        .setEvent(event)
        .setNormalizedModel("claude-sonnet-4-5")
        .setPriceVersion("litellm:2026-11-01")
        .setPriceEffectiveFrom(Instant.EPOCH)
        .setCost(CostBreakdown.newBuilder()
            .setInput(input).setOutput(output)
            .setCacheWrite5m(BigDecimal.ZERO.setScale(9)).setCacheWrite1h(BigDecimal.ZERO.setScale(9))
            .setCacheRead(BigDecimal.ZERO.setScale(9)).setTotal(total.setScale(9)).build())
        .setCacheSavings(BigDecimal.ZERO.setScale(9))
        .setLongContextTier(false)
        .setMultiplier(BigDecimal.ONE.setScale(4))
        .setPricedTime(event.getEventTime().plusSeconds(5));
  }

  public static PricedUsage priced(String eventId, Instant time, BigDecimal total) {
    return priced(claude(eventId, time).build(), total).build();
  }

  public static BudgetBreach breach(String budgetId, Instant periodStart, int threshold) {
    return BudgetBreach.newBuilder()
        .setBreachId(budgetId + "|" + periodStart + "|" + threshold)
        .setBudgetId(budgetId)
        .setOrgId("acme")
        .setScope(Scope.TEAM)
        .setScopeValue("platform")
        .setPeriod(Period.MONTH)
        .setPeriodStart(periodStart)
        .setPeriodEnd(periodStart.plusSeconds(30L * 86_400))
        .setThresholdPercent(threshold)
        .setSpendUsd(new BigDecimal("80.000000000"))
        .setLimitUsd(new BigDecimal("100.000000000"))
        .setPercentOfLimit(new BigDecimal("80.0000"))
        .setBurnRateUsdPerHour(new BigDecimal("0.500000000"))
        .setProjectedExhaustionTime(null)
        .setTriggeringEventId("evt-1")
        .setEventTime(periodStart.plusSeconds(3600))
        .setDetectedTime(periodStart.plusSeconds(3601))
        .setNotify(List.of("slack:#finops"))
        .build();
  }

  /** The start of {@link #batch}'s events. */
  public static final Instant BATCH_START = Instant.parse("2026-11-03T08:00:00Z");

  /** {@code n} events 37 s apart from {@link #BATCH_START}, costing 0.001 × (i + 1) USD, one team per i % 3, one user per i % 7. */
  public static List<PricedUsage> batch(String idPrefix, int n) {
    List<PricedUsage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(priced(claude(idPrefix + i, BATCH_START.plusSeconds(37L * i))
          .setTeam(new String[] {"platform", "data", "web"}[i % 3]).setUserId("user-" + i % 7).build(),
          new BigDecimal("0.001").multiply(BigDecimal.valueOf(i + 1))).build());
    }
    return out;
  }

  /** The sum of the events' total costs, at scale 9. */
  public static BigDecimal total(List<PricedUsage> events) {
    return events.stream().map(p -> p.getCost().getTotal()).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(9);
  }
}
