package dev.tokenledger.processor.streams;

import dev.tokenledger.events.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The events of one intake task waiting for a price: {@code unpriced-events} (event id → event) and
 * {@code unpriced-since} (event id → wall-clock millis when it was parked), always changed together;
 * an event given up is also forgotten by the dedup store, so that its replay is counted.
 *
 * <p>An in-memory index of the parked times (rebuilt from the stores by {@link #startClocks}) feeds
 * the task's {@link ParkedGauges}: how many wait, and since when the oldest.
 */
final class UnpricedEvents {

  /** A parked event and when it was parked (null: parked by a version that did not record it). */
  record Waiting(UsageEvent event, Long since) {}

  private final KeyValueStore<String, UsageEvent> events;
  private final KeyValueStore<String, Long> since;
  private final WindowStore<String, Long> dedup;
  private final ParkedGauges gauges;
  /** Parked time by event id, and how many events were parked at each time (the oldest first). */
  private final Map<String, Long> parkedAt = new HashMap<>();
  private final TreeMap<Long, Integer> parkedTimes = new TreeMap<>();

  UnpricedEvents(KeyValueStore<String, UsageEvent> events, KeyValueStore<String, Long> since, WindowStore<String, Long> dedup,
      ParkedGauges gauges) {
    this.events = events;
    this.since = since;
    this.dedup = dedup;
    this.gauges = gauges;
  }

  /** No longer waiting (priced, or rejected for good): off the stores. */

  void park(UsageEvent event, long now) {
    events.put(event.getEventId(), event);
    since.put(event.getEventId(), now);
    index(event.getEventId(), now);
    publish();
  }

  void unpark(String eventId) {
    events.delete(eventId);
    since.delete(eventId);
    unindex(eventId);
    publish();
  }

  /**
   * Rejected for good (given up, or invalid under the current rules): off the stores, and every dedup
   * entry of its id removed, whenever it was first seen, so that a corrected replay is counted.
   */
  void giveUp(String eventId) {
    unpark(eventId);
    List<Long> seen = new ArrayList<>(1);
    try (WindowStoreIterator<Long> it = dedup.fetch(eventId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
      while (it.hasNext()) {
        seen.add(it.next().key);
      }
    }
    seen.forEach(t -> dedup.put(eventId, null, t));
  }

  /** Gives events parked by a version that did not record the parked time a parked time of {@code now}. */
  void startClocks(long now) {
    parkedAt.clear();
    parkedTimes.clear();
    for (Waiting w : all()) {
      if (w.since() == null) {
        since.put(w.event().getEventId(), now);
      }
      index(w.event().getEventId(), w.since() == null ? now : w.since());
    }
    publish();
  }

  private void index(String eventId, long at) {
    unindex(eventId);
    parkedAt.put(eventId, at);
    parkedTimes.merge(at, 1, Integer::sum);
  }

  private void unindex(String eventId) {
    Long at = parkedAt.remove(eventId);
    if (at != null) {
      parkedTimes.computeIfPresent(at, (t, n) -> n == 1 ? null : n - 1);
    }
  }

  private void publish() {
    gauges.set(parkedAt.size(), parkedTimes.isEmpty() ? Long.MAX_VALUE : parkedTimes.firstKey());
  }

  /** How many events wait (the index; equal to the stores' content). */
  int count() {
    return parkedAt.size();
  }

  /** The ids whose parked time is at or before {@code cutoff} (reads only the small parked-time store). */
  List<String> parkedBefore(long cutoff) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = since.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value != null && kv.value <= cutoff) {
          out.add(kv.key);
        }
      }
    }
    return out;
  }

  UsageEvent event(String eventId) {
    return events.get(eventId);
  }

  Long since(String eventId) {
    return since.get(eventId);
  }

  /** Every waiting event, in key order. */
  List<Waiting> all() {
    List<Waiting> out = new ArrayList<>();
    try (KeyValueIterator<String, UsageEvent> it = events.all()) {
      while (it.hasNext()) {
        UsageEvent e = it.next().value;
        out.add(new Waiting(e, since.get(e.getEventId())));
      }
    }
    return out;
  }
}
