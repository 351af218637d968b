package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which (breach, channel) pairs are settled: the in-memory image of the compacted delivery-ledger topic,
 * rebuilt from it before any breach is read and kept up to date by this process's own settlements. A
 * settled pair is never attempted again.
 */
public final class DeliveryLedger {

  private final Map<DeliveryKey, Settlement> settled = new ConcurrentHashMap<>();

  public boolean isSettled(DeliveryKey key) {
    return settled.containsKey(key);
  }

  public Optional<Settlement> get(DeliveryKey key) {
    return Optional.ofNullable(settled.get(key));
  }

  /**
   * Records a settlement (read from the ledger topic, or made here). The first one for a key wins, except
   * that a delivery replaces a dead letter (a dead letter replayed later, {@code alerts replay}): that the
   * receiver has the alert is the stronger fact, and what compaction keeps in the end.
   */
  public void record(Settlement s) {
    settled.merge(s.key(), s, (old, now) -> old.outcome() == Outcome.DEAD_LETTERED && now.outcome() == Outcome.DELIVERED ? now : old);
  }

  /** Removes a pair (a tombstone read from the ledger topic). */
  public void forget(DeliveryKey key) {
    settled.remove(key);
  }

  /** Removes every settlement {@code expired} accepts; returns their keys. */
  public List<DeliveryKey> expire(Predicate<Settlement> expired) {
    List<DeliveryKey> gone = new ArrayList<>();
    settled.values().removeIf(s -> {
      if (expired.test(s)) {
        gone.add(s.key());
        return true;
      }
      return false;
    });
    return gone;
  }

  public int size() {
    return settled.size();
  }
}
