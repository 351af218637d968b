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

  /** A new rollup: {@code current} plus {@code priced}. */
  public static UsageRollup add(UsageRollup current, PricedUsage priced, boolean newSession, Instant streamTime) {
    TokenCounts t = current.getTokens();
    TokenCounts e = priced.getEvent().getTokens();
    TokenCounts sum = TokenCounts.newBuilder()
        .setInput(t.getInput() + e.getInput())
        .setOutput(t.getOutput() + e.getOutput())
        .setCacheWrite5m(t.getCacheWrite5m() + e.getCacheWrite5m())
        .setCacheWrite1h(t.getCacheWrite1h() + e.getCacheWrite1h())
        .setCacheRead(t.getCacheRead() + e.getCacheRead())
        .setReasoning(t.getReasoning() + e.getReasoning())
        .setTool(t.getTool() + e.getTool())
        .build();
    long prompt = sum.getInput() + sum.getCacheWrite5m() + sum.getCacheWrite1h() + sum.getCacheRead();
    Instant eventTime = priced.getEvent().getEventTime();
    return UsageRollup.newBuilder(current)
        .setTokens(sum)
        .setCost(Money.usd(current.getCost().add(priced.getCost().getTotal())))
        .setCacheSavings(Money.usd(current.getCacheSavings().add(priced.getCacheSavings())))
        .setRequests(current.getRequests() + 1)
        .setSessions(current.getSessions() + (newSession ? 1 : 0))
        .setCacheHitRatio(prompt == 0 ? 0.0 : (double) sum.getCacheRead() / prompt)
        .setLastEventTime(eventTime.isAfter(current.getLastEventTime()) ? eventTime : current.getLastEventTime())
        .setUpdatedTime(streamTime)
        .build();
  }
}
