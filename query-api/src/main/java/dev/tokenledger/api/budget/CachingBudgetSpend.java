package dev.tokenledger.api.budget;

import dev.tokenledger.api.query.QueryId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a budget period's spend for a short time (the API's {@code cache.ttl}): status lines of a
 * whole team polled every few seconds then cost the warehouse one query per scope and period per TTL.
 * Only the spend is remembered, never the budget, so a changed limit shows at once. Failures are never
 * remembered; a zero TTL turns it off.
 */
public final class CachingBudgetSpend implements BudgetSpendSource {

  private record Key(String orgId, BudgetScope scope, String value, SpendWindow window) {}

  private record Entry(BigDecimal spend, Instant expires) {}

  private final BudgetSpendSource delegate;
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  public CachingBudgetSpend(BudgetSpendSource delegate, Duration ttl, int maxEntries, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public BigDecimal spend(String orgId, BudgetScope scope, String value, SpendWindow window, QueryId id) {
    if (ttl.isZero()) {
      return delegate.spend(orgId, scope, value, window, id);
    }
    Key key = new Key(orgId, scope, value, window);
    Instant now = clock.instant();
    Entry e = entries.get(key);
    if (e != null && now.isBefore(e.expires())) {
      return e.spend();
    }
    BigDecimal spend = delegate.spend(orgId, scope, value, window, id);
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(x -> !now.isBefore(x.expires()));
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(key, new Entry(spend, now.plus(ttl)));
    return spend;
  }
}
