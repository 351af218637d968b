package dev.tokenledger.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits usage into 5-hour billing blocks as ccusage does: a block starts at the (UTC) hour of its first
 * request; the next request starts a new block when it comes 5 hours or more after the block's start,
 * or 5 hours or more after the previous request. Both rules only ever look at whole hours here: the
 * block start is an hour, so "≥ 5 h after the start" is "in the hour start + 5 h or later"; and a gap of
 * 5 h or more after a request inside the block already lands 5 h or more after the start. Hourly spend
 * buckets with their first and last request therefore give the blocks, their usage and their burn rates
 * exactly.
 */
public final class BillingBlocks {

  private BillingBlocks() {}

  /** The blocks of hourly rows (any grouping with a {@code model} key; request times needed), in time order. */
  public static List<BillingBlock> of(List<UsageRow> hourly, Instant now) {
    TreeMap<Instant, List<UsageRow>> hours = new TreeMap<>();
    for (UsageRow r : hourly) {
      if (r.hour() == null || r.first() == null || r.last() == null) {
        throw new IllegalArgumentException("blocks need hourly rows with request times (granularity=hour, times=true)");
      }
      hours.computeIfAbsent(r.hour(), k -> new ArrayList<>()).add(r);
    }
    List<BillingBlock> blocks = new ArrayList<>();
    Builder current = null;
    for (Map.Entry<Instant, List<UsageRow>> h : hours.entrySet()) {
      Instant first = h.getValue().stream().map(UsageRow::first).min(Instant::compareTo).orElseThrow();
      if (current == null || !h.getKey().isBefore(current.start.plus(BillingBlock.LENGTH))
          || !first.isBefore(current.last.plus(BillingBlock.LENGTH))) {
        if (current != null) {
          blocks.add(current.build(now));
        }
        current = new Builder(h.getKey());
      }
      for (UsageRow r : h.getValue()) {
        current.add(r);
      }
    }
    if (current != null) {
      blocks.add(current.build(now));
    }
    return blocks;
  }

  private static final class Builder {
    final Instant start;
    Instant first;
    Instant last;
    final Map<String, Usage> models = new TreeMap<>();
    Usage usage = Usage.ZERO;

    Builder(Instant start) {
      this.start = start;
    }

    void add(UsageRow r) {
      first = first == null || r.first().isBefore(first) ? r.first() : first;
      last = last == null || r.last().isAfter(last) ? r.last() : last;
      models.merge(r.key("model"), r.usage(), Usage::plus);
      usage = usage.plus(r.usage());
    }

    BillingBlock build(Instant now) {
      boolean active = now.isBefore(start.plus(BillingBlock.LENGTH))
          && Duration.between(last, now).compareTo(BillingBlock.LENGTH) < 0;
      List<ModelUsage> m = new ArrayList<>();
      models.forEach((k, v) -> m.add(new ModelUsage(k, v)));
      return new BillingBlock(start, first, last, m, usage, active);
    }
  }
}
