package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.sink.PricedEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The rollup path alone, in one thread, without Kafka: {@link RollupProcessor} with its stores behind the
 * write-behind layer (in memory, no changelog), the write-through every {@code commitEvery} events (a
 * 100 ms commit at ~7k events/s) and the emission and expiry punctuation every {@code emitEvery} events
 * (1 s). Events are shaped like {@code ./bench streams backlog}'s (one organisation, 2,000 users, 20 teams,
 * 50 projects, 5,000 sessions, 100 ms apart, in three input partitions delivered in turns). Prints the thread CPU per event of the measured rounds after warm-up rounds: a
 * deterministic figure for comparing two versions of the rollup code on the same machine (ADR 0228), not
 * a replacement for the end-to-end bench.
 *
 * <p>{@code java -cp <test-classes>:<classes>:<deps> dev.tokenledger.processor.streams.RollupPathBench [events] [rounds]}
 */
public final class RollupPathBench {

  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

  private RollupPathBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int commitEvery = 700;
    int emitEvery = 7_000;
    List<PricedUsage> events = events(n);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Double> measured = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
      context.setCurrentSystemTimeMs(DAY.plusSeconds(30L * 86_400).toEpochMilli());
      List<CoalescingKeyValueStore<String, ?>> stores = stores(context);
      RollupProcessor p = new RollupProcessor(TopologySettings.defaults(ZoneOffset.UTC), Clock.systemUTC());
      p.init(context);
      var punctuator = context.scheduledPunctuators().get(0).getPunctuator();
      long cpu0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < events.size(); i++) {
        p.process(new Record<>("acme", events.get(i), 0L));
        if ((i + 1) % commitEvery == 0) {
          stores.forEach(CoalescingKeyValueStore::flushCache);
        }
        if ((i + 1) % emitEvery == 0) {
          punctuator.punctuate(context.currentSystemTimeMs());
          context.resetForwards();
        }
      }
      stores.forEach(CoalescingKeyValueStore::flushCache);
      double micros = (mx.getCurrentThreadCpuTime() - cpu0) / 1_000.0 / events.size();
      System.out.printf("round %d: %.2f µs of CPU per event%n", r + 1, micros);
      if (r >= rounds / 2) {
        measured.add(micros);
      }
      p.close();
    }
    measured.sort(null);
    System.out.printf("rollup path: median %.2f µs per event over the last %d rounds (%d events each)%n",
        measured.get(measured.size() / 2), measured.size(), n);
  }

  private static List<PricedUsage> events(int n) {
    // event k is 100 ms after event k-1, in input partition k % 3 (as hashing the event ids spreads them);
    // a consumer delivers the partitions in turns of 500 records, so they drift apart by up to ~150 s
    int lanes = 3;
    int batch = 500;
    List<PricedUsage> out = new ArrayList<>(n);
    for (int first = 0; first < n; first += lanes * batch) {
      for (int lane = 0; lane < lanes; lane++) {
        for (int j = 0; j < batch; j++) {
          int k = first + j * lanes + lane;
          if (k >= n) {
            break;
          }
          var e = claude("bench-" + k, DAY.plusMillis(k * 100L))
              .setOrgId("acme").setUserId("user-" + (k % 2_000)).setTeam("team-" + (k % 20))
              .setProjectId("github.com/acme/repo-" + (k % 50)).setSessionId("s-" + (k % 5_000))
              .setTokens(tokens(1_000, 500, 200, 0, 20_000)).build();
          out.add(PricedEvents.priced(e, new BigDecimal("0.012345678")).build());
        }
      }
    }
    return out;
  }

  /** The rollup processor's stores, behind the write-behind layer, registered on the context. */
  private static List<CoalescingKeyValueStore<String, ?>> stores(MockProcessorContext<String, Outcome> context) throws Exception {
    List<CoalescingKeyValueStore<String, ?>> out = new ArrayList<>();
    out.add(store(context, StoreNames.ROLLUP_CURRENT, RollupStateSerdes.buckets()));
    out.add(store(context, StoreNames.ROLLUP_OLDER, RollupStateSerdes.buckets()));
    out.add(store(context, StoreNames.ROLLUP_SESSIONS, RollupStateSerdes.sessions()));
    out.add(store(context, StoreNames.ROLLUP_DIRTY, Serdes.Long()));
    out.add(store(context, StoreNames.ROLLUP_EXPIRY, Serdes.Long()));
    out.add(store(context, StoreNames.ROLLUP_CLOCK, Serdes.Long()));
    // the per-session store of layout 3, looked up by name so that the bench also runs against layout-2 code
    try {
      Serde<?> seen = (Serde<?>) RollupStateSerdes.class.getDeclaredMethod("seen").invoke(null);
      out.add(store(context, "rollup-session-seen", seen));
    } catch (NoSuchMethodException layout2) {
      // the earlier code has no such store
    }
    return out;
  }

  private static <V> CoalescingKeyValueStore<String, V> store(MockProcessorContext<String, Outcome> context, String name,
      Serde<V> serde) {
    KeyValueStore<String, V> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().withCachingDisabled().build();
    CoalescingKeyValueStore<String, V> store = new CoalescingKeyValueStore<>(inner);
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
