package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectedEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records of the control topics (prices, budgets) that could not be used, found by the global-store
 * threads. Those threads cannot produce, and every instance reads every record (also again when a global
 * store is restored), so the rejections are collected here, keyed by {@code topic/partition/offset}, and
 * published by the one task that owns partition 0 of the usage topic, which remembers in a store what it
 * has published: each bad control record reaches {@code usage.rejected.v1} exactly once.
 * Thread-safe: global threads add, stream threads read.
 */
final class ControlTopicRejects {

  private final Map<String, RejectedEvent> byOrigin = new ConcurrentSkipListMap<>();
  private final AtomicLong revision = new AtomicLong();

  void add(RejectedEvent rejected) {
    byOrigin.put(Rejections.originKey(rejected), rejected);
    revision.incrementAndGet();
  }

  /** Changes whenever a rejection is added. */
  long revision() {
    return revision.get();
  }

  /** Every rejection found so far, by origin key. */
  List<Map.Entry<String, RejectedEvent>> all() {
    return List.copyOf(byOrigin.entrySet());
  }
}
