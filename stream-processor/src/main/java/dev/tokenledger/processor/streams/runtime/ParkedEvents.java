package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.streams.StoreNames;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.settings.KafkaConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events waiting for a price, read from the changelogs of the stream processor's
 * {@code unpriced-events} and {@code unpriced-since} stores (so it needs no access to the running
 * instances), summarised per provider and model: how many, since when, and when the oldest gives up.
 */
public final class ParkedEvents {

  /** The events of one model waiting for a price. */
  public record Waiting(String provider, String model, long events, Instant oldestParked, Instant oldestEventTime,
      Instant newestEventTime) {}

  private ParkedEvents() {}

  /** The changelog topic of a store of application {@code applicationId}. */
  static String changelog(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  public static List<Waiting> read(String bootstrap, String applicationId, AvroSerde<UsageEvent> serde, Duration timeout) {
    return read(KafkaConnection.plaintext(bootstrap), applicationId, serde, timeout);
  }

  /** The parked events of {@code applicationId}, read over {@code bootstrap}. */
  public static List<Waiting> read(KafkaConnection bootstrap, String applicationId, AvroSerde<UsageEvent> serde, Duration timeout) {
    String eventsTopic = changelog(applicationId, StoreNames.UNPRICED);
    Map<String, byte[]> events = CompactedTopicReader.latest(bootstrap, eventsTopic, timeout);
    Map<String, byte[]> since = CompactedTopicReader.latest(bootstrap, changelog(applicationId, StoreNames.UNPRICED_SINCE), timeout);
    Map<String, Waiting> byModel = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : events.entrySet()) {
      UsageEvent event;
      try {
        event = serde.decode(eventsTopic, e.getValue());
      } catch (WireFormatException.RegistryUnavailable ex) {
        throw ex;
      } catch (WireFormatException ex) {
        continue;
      }
      byte[] s = since.get(e.getKey());
      Instant parked = s == null || s.length != Long.BYTES ? null : Instant.ofEpochMilli(ByteBuffer.wrap(s).getLong());
      String key = event.getProvider() + "/" + event.getModel();
      Waiting w = byModel.get(key);
      byModel.put(key, w == null
          ? new Waiting(event.getProvider(), event.getModel(), 1, parked, event.getEventTime(), event.getEventTime())
          : new Waiting(w.provider(), w.model(), w.events() + 1, min(w.oldestParked(), parked),
              min(w.oldestEventTime(), event.getEventTime()), max(w.newestEventTime(), event.getEventTime())));
    }
    List<Waiting> out = new ArrayList<>(byModel.values());
    out.sort(Comparator.comparingLong(Waiting::events).reversed());
    return out;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
