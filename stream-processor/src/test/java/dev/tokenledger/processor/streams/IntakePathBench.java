package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.streams.runtime.PriceCatalogLoader;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The intake alone, in one thread, without Kafka: {@link IntakeProcessor} on a mock context over its real
 * stores (RocksDB for the dedup window and the parked events, no changelog), reading the encoded events of
 * {@code ./bench streams backlog} (Claude Code events with request ids) and, with {@code unmatched}, the same
 * events without a request id. Prints the thread CPU per event of the measured rounds after warm-up
 * rounds: a deterministic figure for comparing two versions of the intake on the same machine (ADR 0230),
 * not a replacement for the end-to-end bench (it leaves out the changelog writes and the sends).
 *
 * <p>{@code StreamsBench intake-path [events] [rounds] [matched|unmatched]}
 */
public final class IntakePathBench {

  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

  private IntakePathBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    boolean matched = args.length <= 2 || !args[2].equals("unmatched");
    Topics topics = Topics.withPrefix("bench.");
    TopologySerdes serdes = TopologySerdes.create(new InMemorySchemaRegistry());
    PriceBook prices = new PriceBook();
    PriceCatalogLoader.load(new PricingSettings(Instant.EPOCH, Optional.empty(), true)).forEach(prices::put);
    TopologySettings settings = TopologySettings.defaults(ZoneOffset.UTC);
    List<byte[]> encoded = new ArrayList<>(n);
    List<String> keys = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      UsageEvent.Builder b = claude("bench-" + k, DAY.plusMillis(k * 100L))
          .setOrgId("acme").setUserId("user-" + (k % 2_000)).setTeam("team-" + (k % 20))
          .setProjectId("github.com/acme/repo-" + (k % 50)).setSessionId("s-" + (k % 5_000))
          .setTokens(tokens(1_000, 500, 200, 0, 20_000));
      if (!matched) {
        b.setRequestId(null);
      }
      UsageEvent e = b.build();
      keys.add(e.getEventId());
      encoded.add(serdes.usageEvent().serializer().serialize(topics.usageEvents(), e));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Double> measured = new ArrayList<>();
    long now = DAY.plusSeconds(30L * 86_400).toEpochMilli();
    for (int r = 0; r < rounds; r++) {
      var dir = Files.createTempDirectory("intake-bench");
      Properties config = new Properties();
      config.put(StreamsConfig.APPLICATION_ID_CONFIG, "intake-bench");
      config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      MockProcessorContext<String, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
      context.setCurrentSystemTimeMs(now);
      context.setRecordMetadata(topics.usageEvents(), 0, 0);
      List<StateStore> stores = new ArrayList<>();
      stores.add(init(context, Stores.windowStoreBuilder(Stores.persistentWindowStore(StoreNames.DEDUP, settings.dedupRetention(),
          Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()).withLoggingDisabled().build()));
      stores.add(kv(context, StoreNames.UNPRICED, serdes.usageEvent()));
      stores.add(kv(context, StoreNames.UNPRICED_SINCE, Serdes.Long()));
      stores.add(kv(context, StoreNames.CONTROL_REJECTS_REPORTED, Serdes.Long()));
      IntakeProcessor p = new IntakeProcessor(topics.usageEvents(), serdes.usageEvent(), settings, prices, new ControlTopicRejects(),
          Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
      p.init(context);
      long cpu0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        p.process(new Record<>(keys.get(i), encoded.get(i), now));
        if ((i + 1) % 700 == 0) {
          stores.forEach(StateStore::flush);
          context.resetForwards();
        }
      }
      stores.forEach(StateStore::flush);
      double micros = (mx.getCurrentThreadCpuTime() - cpu0) / 1_000.0 / n;
      System.out.printf("round %d: %.2f µs of CPU per event%n", r + 1, micros);
      if (r >= rounds / 2) {
        measured.add(micros);
      }
      p.close();
      stores.forEach(StateStore::close);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    measured.sort(null);
    System.out.printf("intake path (%s events): median %.2f µs per event over the last %d rounds (%d events each)%n",
        matched ? "matched" : "unmatched", measured.get(measured.size() / 2), measured.size(), n);
  }

  private static <V> StateStore kv(MockProcessorContext<String, Object> context, String name, Serde<V> serde) {
    return init(context, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().withCachingDisabled().build());
  }

  private static StateStore init(MockProcessorContext<String, Object> context, StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
