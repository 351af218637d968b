package dev.tokenledger.processor.streams;

import dev.tokenledger.events.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events of one intake task waiting for a price: {@code unpriced-events} (event id → event) and
 * {@code unpriced-since} (event id → wall-clock millis when it was parked), always changed together.
 */
final class UnpricedEvents {

  /** A parked event and when it was parked (null: parked by a version that did not record it). */
  record Waiting(UsageEvent event, Long since) {}

  private final KeyValueStore<String, UsageEvent> events;
  private final KeyValueStore<String, Long> since;

  UnpricedEvents(KeyValueStore<String, UsageEvent> events, KeyValueStore<String, Long> since) {
    this.events = events;
    this.since = since;
  }

  void park(UsageEvent event, long now) {
    events.put(event.getEventId(), event);
    since.put(event.getEventId(), now);
  }

  void unpark(String eventId) {
    events.delete(eventId);
    since.delete(eventId);
  }

  /** Records {@code now} as the parked time of an event that has none. */
  void startClock(String eventId, long now) {
    since.put(eventId, now);
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
