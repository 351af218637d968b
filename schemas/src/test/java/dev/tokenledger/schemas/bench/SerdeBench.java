package dev.tokenledger.schemas.bench;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import java.util.Locale;

/**
 * Serializer + deserializer throughput of {@link AvroSerde} on one thread with a warm schema cache.
 * Usage: {@code SerdeBench [seconds-per-phase]}. Prints events/s for serialize, deserialize and the
 * round trip, and the mean encoded size.
 */
public final class SerdeBench {

  private SerdeBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, new InMemorySchemaRegistry());
    String topic = "usage.events.v1";
    RandomEvents random = new RandomEvents(42);
    UsageEvent[] events = new UsageEvent[4096];
    byte[][] encoded = new byte[events.length][];
    long bytes = 0;
    for (int i = 0; i < events.length; i++) {
      events[i] = random.next();
      encoded[i] = serde.encode(topic, events[i]);
      bytes += encoded[i].length;
    }
    long sink = 0;
    // warm-up
    for (int round = 0; round < 3; round++) {
      sink += run(serde, topic, events, encoded, 1, Mode.ROUND_TRIP)[1];
    }
    System.out.printf(Locale.ROOT, "serde benchmark: %d distinct random events (all fields), mean %d bytes encoded, %ds per phase, 1 thread%n",
        events.length, bytes / events.length, seconds);
    for (Mode mode : Mode.values()) {
      long[] r = run(serde, topic, events, encoded, seconds, mode);
      sink += r[1];
      System.out.printf(Locale.ROOT, "%-12s %,12.0f events/s%n", mode.label, r[0] / (seconds * 1.0));
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private enum Mode {
    SERIALIZE("serialize"), DESERIALIZE("deserialize"), ROUND_TRIP("round-trip");
    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  /** Returns {operations, checksum}. */
  private static long[] run(AvroSerde<UsageEvent> serde, String topic, UsageEvent[] events, byte[][] encoded, int seconds, Mode mode) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long ops = 0;
    long check = 0;
    int n = events.length;
    while (System.nanoTime() < end) {
      for (int i = 0; i < n; i++) {
        switch (mode) {
          case SERIALIZE -> check += serde.encode(topic, events[i]).length;
          case DESERIALIZE -> check += serde.decode(topic, encoded[i]).getTokens().getInput();
          case ROUND_TRIP -> check += serde.decode(topic, serde.encode(topic, events[i])).getWebFetchRequests();
        }
      }
      ops += n;
    }
    return new long[] {ops, check};
  }
}
