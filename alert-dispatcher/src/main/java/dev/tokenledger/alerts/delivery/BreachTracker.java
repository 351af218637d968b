package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which input offsets may be committed: a breach record's offset is done once every channel it names is
 * settled, and a partition's committable offset is the first record not done (or the one after the last
 * record read, when all are). Partitions are plain numbers here, so the logic knows no Kafka.
 */
public final class BreachTracker {

  private final Map<Integer, TreeMap<Long, Set<DeliveryKey>>> open = new HashMap<>();
  private final Map<Integer, Long> next = new HashMap<>();
  private final Map<DeliveryKey, List<long[]>> where = new HashMap<>();

  /** A record read at {@code offset}, still waiting for {@code pending} (may be empty). */
  public void add(int partition, long offset, Set<DeliveryKey> pending) {
    next.merge(partition, offset + 1, Math::max);
    if (pending.isEmpty()) {
      return;
    }
    open.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new HashSet<>(pending));
    for (DeliveryKey k : pending) {
      where.computeIfAbsent(k, x -> new ArrayList<>()).add(new long[] {partition, offset});
    }
  }

  /** Whether {@code key} is already waited for by a record read earlier (then it is not submitted twice). */
  public boolean isPending(DeliveryKey key) {
    return where.containsKey(key);
  }

  /** {@code key} is settled: every record waiting for it waits for one channel less. */
  public void settle(DeliveryKey key) {
    List<long[]> places = where.remove(key);
    if (places == null) {
      return;
    }
    for (long[] p : places) {
      TreeMap<Long, Set<DeliveryKey>> records = open.get((int) p[0]);
      if (records == null) {
        continue;
      }
      Set<DeliveryKey> waiting = records.get(p[1]);
      if (waiting != null) {
        waiting.remove(key);
        if (waiting.isEmpty()) {
          records.remove(p[1]);
        }
      }
    }
  }

  /** The offset to commit for {@code partition}: every record before it is done. Empty if nothing was read. */
  public OptionalLong committable(int partition) {
    TreeMap<Long, Set<DeliveryKey>> records = open.get(partition);
    if (records != null && !records.isEmpty()) {
      return OptionalLong.of(records.firstKey());
    }
    Long n = next.get(partition);
    return n == null ? OptionalLong.empty() : OptionalLong.of(n);
  }

  /** Records read and not done, over all partitions. */
  public int pendingRecords() {
    return open.values().stream().mapToInt(Map::size).sum();
  }

  /** Forgets a partition this process no longer owns. */
  public void forget(int partition) {
    open.remove(partition);
    next.remove(partition);
    where.values().forEach(l -> l.removeIf(p -> p[0] == partition));
    where.values().removeIf(List::isEmpty);
  }
}
