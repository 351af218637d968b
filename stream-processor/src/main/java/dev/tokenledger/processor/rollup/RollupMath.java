package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.pricing.Money;
import java.time.Instant;
import java.time.ZoneId;

/** Adds one priced event to a rollup (pure; the caller says whether its session is new there). */
public final class RollupMath {

  private RollupMath() {}

  /** An empty rollup for {@code key}. */
  public static UsageRollup empty(String orgId, RollupKey key, PeriodWindow window, ZoneId zone) {
    return UsageRollup.newBuilder()
        .setOrgId(orgId)
        .setDimension(key.dimension())
        .setDimensionValue(key.value())
        .setPeriod(key.period())
        .setPeriodStart(window.start())
        .setPeriodEnd(window.end())
        .setTimeZone(zone.getId())
        .setTokens(TokenCounts.newBuilder().build())
        .setCost(Money.zeroUsd())
        .setCacheSavings(Money.zeroUsd())
        .setRequests(0)
        .setSessions(0)
        .setCacheHitRatio(0.0)
        .setLastEventTime(window.start())
        .setUpdatedTime(window.start())
        .build();
  }

  /**
   * A new rollup: {@code current} plus {@code priced}. Built with the all-fields constructor: the
   * generated builder deep-copies every field, which dominated the rollup stage's CPU time.
   */
  public static UsageRollup add(UsageRollup current, PricedUsage priced, boolean newSession, Instant streamTime) {
    TokenCounts t = current.getTokens();
    TokenCounts e = priced.getEvent().getTokens();
    TokenCounts sum = new TokenCounts(t.getInput() + e.getInput(), t.getOutput() + e.getOutput(),
        t.getCacheWrite5m() + e.getCacheWrite5m(), t.getCacheWrite1h() + e.getCacheWrite1h(),
        t.getCacheRead() + e.getCacheRead(), t.getReasoning() + e.getReasoning(), t.getTool() + e.getTool());
    long prompt = sum.getInput() + sum.getCacheWrite5m() + sum.getCacheWrite1h() + sum.getCacheRead();
    Instant eventTime = priced.getEvent().getEventTime();
    return new UsageRollup(current.getOrgId(), current.getDimension(), current.getDimensionValue(), current.getPeriod(),
        current.getPeriodStart(), current.getPeriodEnd(), current.getTimeZone(), sum,
        Money.usd(current.getCost().add(priced.getCost().getTotal())),
        Money.usd(current.getCacheSavings().add(priced.getCacheSavings())),
        current.getRequests() + 1, current.getSessions() + (newSession ? 1 : 0),
        prompt == 0 ? 0.0 : (double) sum.getCacheRead() / prompt,
        eventTime.isAfter(current.getLastEventTime()) ? eventTime : current.getLastEventTime(), streamTime);
  }
}
