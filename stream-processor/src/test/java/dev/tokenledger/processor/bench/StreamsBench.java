package dev.tokenledger.processor.bench;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.config.StreamsSettings.KafkaSettings;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.UsageTopology;
import dev.tokenledger.processor.streams.runtime.PriceCatalogLoader;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.SchemaPreregistration;
import dev.tokenledger.processor.streams.runtime.StreamsApp;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * End-to-end benchmark of the stream processor on the shared local stack, exactly_once_v2 on.
 *
 * <ul>
 *   <li>{@code backlog N}: N events (+ 10% duplicates) are published first; then the app starts and the
 *       clock runs from RUNNING until all N priced events and the org rollup with N requests are
 *       committed (read_committed). Sustained events/s = N / that time.
 *   <li>{@code live RATE SECONDS}: events are published at RATE/s for SECONDS while the app runs; one
 *       budget per user (daily) is crossed repeatedly; latency = time the breach record is read
 *       (read_committed) − time its triggering event was sent. Prints p50 / p99 / max.
 * </ul>
 * Usage: {@code StreamsBench backlog 200000 [partitions] [commitMs]} or
 * {@code StreamsBench live 5000 60 [partitions] [commitMs]}, or {@code StreamsBench rollup-path [events] [rounds]} (the
 * rollup path alone, no Kafka: {@code RollupPathBench}), or {@code StreamsBench intake-path [events] [rounds]
 * [matched|unmatched]} (the intake alone: {@code IntakePathBench}).
 */
public final class StreamsBench {

  private static final int USERS = 2_000;
  /** The live run's first seconds (first assignment, repartition topic metadata) are reported apart. */
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

  private final String bootstrap = StackEnv.bootstrapServers();
  private final String prefix = StackEnv.unique("bench") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final dev.tokenledger.schemas.registry.SchemaRegistry registry =
      CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));
  private final TopologySerdes serdes = TopologySerdes.create(registry);
  private final int partitions;
  private final long commitMs;

  private StreamsBench(int partitions, long commitMs) {
    this.partitions = partitions;
    this.commitMs = commitMs;
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "backlog";
    if (mode.equals("rollup-path")) {
      // the rollup path alone, in this thread, no Kafka (ADR 0228)
      dev.tokenledger.processor.streams.RollupPathBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (mode.equals("intake-path")) {
      // the intake alone, in this thread, no Kafka (ADR 0230)
      dev.tokenledger.processor.streams.IntakePathBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (mode.equals("live")) {
      int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
      int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
      StreamsBench bench = new StreamsBench(arg(args, 3, 3), arg(args, 4, 100));
      try {
        bench.live(rate, seconds);
      } finally {
        bench.cleanUp();
      }
    } else {
      int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
      // backlog: the floor of the same size is measured first (in this JVM, its app closed before the
      // real one starts) so the ratio compares runs under the same machine load; bench.floor=false skips it
      double floorMicros = Double.NaN;
      if (mode.equals("floor") || !"false".equals(System.getProperty("bench.floor"))) {
        StreamsBench floorBench = new StreamsBench(arg(args, 2, 3), arg(args, 3, 100));
        try {
          floorMicros = floorBench.floor(n);
        } finally {
          floorBench.cleanUp();
        }
      }
      if (!mode.equals("floor")) {
        StreamsBench bench = new StreamsBench(arg(args, 2, 3), arg(args, 3, 100));
        try {
          double micros = bench.backlog(n);
          if (!Double.isNaN(floorMicros)) {
            System.out.printf("stream-thread CPU per event: %.1f µs (backlog) vs %.1f µs (floor): %.2f× the floor%n", micros,
                floorMicros, micros / floorMicros);
          }
        } finally {
          bench.cleanUp();
        }
      }
    }
    System.exit(0);
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  private static UsageEvent event(int i, Instant t) {
    return claude("bench-" + i, t).setOrgId("acme").setUserId("user-" + (i % USERS)).setTeam("team-" + (i % 20))
        .setProjectId("github.com/acme/repo-" + (i % 50)).setSessionId("s-" + (i % 5_000))
        .setTokens(tokens(1_000, 500, 200, 0, 20_000)).build();
  }

  private void setUp() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin).ensure(topics, partitions, (short) 1);
    }
    var prices = PriceCatalogLoader.load(new PricingSettings(Instant.EPOCH, Optional.empty(), true));
    RecordPublisher.publish(bootstrap, topics.prices(), serdes.price(), PriceCatalogLoader.asRecords(prices));
  }

  private KafkaStreams startApp() throws Exception {
    Path state = Files.createTempDirectory("streams-bench");
    KafkaSettings k = new KafkaSettings(bootstrap, StackEnv.registryUrl(), prefix + "app", state, prefix, partitions, (short) 1,
        Duration.ofMillis(commitMs), Long.getLong("bench.cacheBytes", 32L * 1024 * 1024), threads());
    TopologySettings ts = new TopologySettings(ZoneOffset.UTC, TopologySettings.DEFAULT_DEDUP_RETENTION,
        TopologySettings.DEFAULT_GRACE, Duration.ofSeconds(1), TopologySettings.DEFAULT_REPRICE_INTERVAL,
        TopologySettings.DEFAULT_MAX_FUTURE_SKEW, TopologySettings.DEFAULT_PARKED_MAX_AGE);
    SchemaPreregistration.registerAll(registry, topics, k.applicationId());
    KafkaStreams streams = new KafkaStreams(UsageTopology.build(topics, serdes, ts), StreamsApp.streamsProperties(k, topics, serdes));
    streams.setUncaughtExceptionHandler(e -> {
      System.out.println("stream thread failed: " + e);
      e.printStackTrace(System.out);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (streams.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    if (streams.state() != KafkaStreams.State.RUNNING) {
      System.out.println("app not RUNNING after 120 s: " + streams.state());
    }
    return streams;
  }

  private KafkaProducer<String, UsageEvent> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new StringSerializer(), serdes.usageEvent().serializer());
  }

  private <V> KafkaConsumer<String, V> committedConsumer(String topic, org.apache.kafka.common.serialization.Deserializer<V> d) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), d);
    List<TopicPartition> tps = java.util.stream.IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
    c.assign(tps);
    c.seekToBeginning(tps);
    return c;
  }

  /**
   * Events to process before the measurement starts ({@code -Dbench.warmup=N}, default 0): the app first
   * reads N earlier events and the stream threads' CPU is counted from when they are all committed, so the
   * figure is the steady state of a running service, without the first seconds' JIT compilation (which
   * costs the real topology, with much more code, more than the floor). The floor gets the same warm-up.
   */
  private static int warmup() {
    return Integer.getInteger("bench.warmup", 0);
  }

  /** Publishes the events of indices [from, to) (+ 10% duplicates when {@code duplicates}); event k is 100 ms after k - 1. */
  private void publish(int from, int to, boolean duplicates) {
    try (KafkaProducer<String, UsageEvent> producer = producer()) {
      for (int i = from; i < to; i++) {
        UsageEvent e = event(i, DAY.plusMillis(i * 100L));
        producer.send(new ProducerRecord<>(topics.usageEvents(), e.getEventId(), e));
        if (duplicates && i % 10 == 0) {
          producer.send(new ProducerRecord<>(topics.usageEvents(), e.getEventId(), e));   // a duplicate
        }
      }
    }
  }

  /** µs of stream-thread CPU per event (NaN if the run failed). */
  private double backlog(int n) throws Exception {
    setUp();
    int warm = warmup();
    long t0 = System.nanoTime();
    publish(0, warm > 0 ? warm : n, true);
    System.out.printf("published %,d events (+%,d duplicates) in %.1f s%n", warm > 0 ? warm : n, ((warm > 0 ? warm : n) + 9) / 10,
        (System.nanoTime() - t0) / 1e9);
    KafkaStreams streams = startApp();
    var pricedConsumer = committedConsumer(topics.priced(), new ByteArrayDeserializer());
    var rollupConsumer = committedConsumer(topics.rollups(), serdes.rollup().deserializer());
    long[] progress = new long[2];   // priced committed, requests in the org's day rollups
    long start = System.nanoTime();
    double cpu0 = 0;
    if (warm > 0) {
      if (!await(streams, warm, pricedConsumer, rollupConsumer, progress, start)) {
        return Double.NaN;
      }
      cpu0 = streamThreadCpuSeconds(prefix + "app");
      System.out.printf("warm-up: %,d events processed, stream threads used %.1f CPU s (%.1f µs per event)%n", warm, cpu0,
          cpu0 * 1e6 / warm);
      start = System.nanoTime();   // the app reads the measured events while they are published
      publish(warm, warm + n, true);
      System.out.printf("published %,d events (+%,d duplicates) to measure%n", n, (n + 9) / 10);
    }
    boolean done = await(streams, warm + n, pricedConsumer, rollupConsumer, progress, start);
    double secs = (System.nanoTime() - start) / 1e9;
    if (!done) {
      streams.close(Duration.ofSeconds(30));
      return Double.NaN;
    }
    double cpu = streamThreadCpuSeconds(prefix + "app") - cpu0;
    System.out.printf("backlog: %,d events%s, partitions %d, commit %d ms, threads %d, cache %d MB: priced and rollups committed"
        + " after %.1f s -> %,.0f events/s end to end (exactly_once_v2); stream threads used %.1f CPU s = %,.0f events per CPU s"
        + " = %.1f µs per event; load average %.1f%n", n, warm > 0 ? String.format(" after a warm-up of %,d", warm) : "", partitions,
        commitMs, threads(), Long.getLong("bench.cacheBytes", 32L << 20) >> 20, secs, n / secs, cpu, n / cpu, cpu * 1e6 / n,
        loadAverage());
    streams.close(Duration.ofSeconds(30));
    pricedConsumer.close();
    rollupConsumer.close();
    return cpu * 1e6 / n;
  }

  /**
   * Waits until {@code total} events are priced and counted in the org's day rollups (read_committed);
   * {@code progress} holds the counts so far across calls. False (and a message) on failure or after 10 minutes.
   */
  private boolean await(KafkaStreams streams, long total, KafkaConsumer<String, byte[]> pricedConsumer,
      KafkaConsumer<String, dev.tokenledger.events.UsageRollup> rollupConsumer, long[] progress, long start) {
    String orgDayPrefix = "acme|ORG|acme|DAY|";
    while (progress[0] < total || progress[1] < total) {
      progress[0] += pricedConsumer.poll(Duration.ofMillis(100)).count();
      for (ConsumerRecord<String, dev.tokenledger.events.UsageRollup> r : rollupConsumer.poll(Duration.ofMillis(10))) {
        if (r.key().startsWith(orgDayPrefix)) {
          orgDays.put(r.key(), r.value().getRequests());
        }
      }
      progress[1] = orgDays.values().stream().mapToLong(Long::longValue).sum();
      if (failed(streams) || (System.nanoTime() - start) > 600e9) {
        System.out.printf("backlog FAILED after %.1f s: app state %s, priced %,d of %,d, org requests %,d%n",
            (System.nanoTime() - start) / 1e9, streams.state(), progress[0], total, progress[1]);
        return false;
      }
    }
    return true;
  }

  private final Map<String, Long> orgDays = new ConcurrentHashMap<>();

  /**
   * The framework's floor on this machine: a topology of the production shape that does no work of its
   * own — the raw usage records copied to the priced topic, re-keyed by organisation through a
   * repartition topic, counted in one cached key-value store per event, the count emitted each second —
   * with the same exactly_once_v2 settings. Whatever the real topology costs beyond this is ours.
   */
  /** µs of stream-thread CPU per event. */
  private double floor(int n) throws Exception {
    setUp();
    int warm = warmup();
    publish(0, warm > 0 ? warm : n, false);
    var b = new org.apache.kafka.streams.StreamsBuilder();
    var bytes = org.apache.kafka.common.serialization.Serdes.ByteArray();
    var strings = org.apache.kafka.common.serialization.Serdes.String();
    b.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore("floor-count"), strings,
        org.apache.kafka.common.serialization.Serdes.Long()).withCachingEnabled());
    var raw = b.stream(topics.usageEvents(), org.apache.kafka.streams.kstream.Consumed.with(strings, bytes));
    raw.to(topics.priced(), org.apache.kafka.streams.kstream.Produced.with(strings, bytes));
    raw.selectKey((k, v) -> "acme")
        .repartition(org.apache.kafka.streams.kstream.Repartitioned.with(strings, bytes).withName("floor-by-org"))
        .process(() -> new org.apache.kafka.streams.processor.api.Processor<String, byte[], String, Long>() {
          private org.apache.kafka.streams.processor.api.ProcessorContext<String, Long> ctx;
          private org.apache.kafka.streams.state.KeyValueStore<String, Long> count;

          @Override
          public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, Long> context) {
            ctx = context;
            count = context.getStateStore("floor-count");
            context.schedule(Duration.ofSeconds(1), org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME, t -> {
              Long c = count.get("acme");
              if (c != null) {
                ctx.forward(new org.apache.kafka.streams.processor.api.Record<>("acme", c, t));
              }
            });
          }

          @Override
          public void process(org.apache.kafka.streams.processor.api.Record<String, byte[]> r) {
            Long c = count.get(r.key());
            count.put(r.key(), c == null ? 1 : c + 1);
          }
        }, "floor-count")
        .to(topics.rollups(), org.apache.kafka.streams.kstream.Produced.with(strings, org.apache.kafka.common.serialization.Serdes.Long()));
    Path state = Files.createTempDirectory("streams-bench");
    KafkaSettings k = new KafkaSettings(bootstrap, StackEnv.registryUrl(), prefix + "floor", state, prefix, partitions, (short) 1,
        Duration.ofMillis(commitMs), Long.getLong("bench.cacheBytes", 32L * 1024 * 1024), threads());
    KafkaStreams streams = new KafkaStreams(b.build(), StreamsApp.streamsProperties(k));
    streams.start();
    long start = System.nanoTime();
    long[] copiedCounted = new long[2];
    var pricedConsumer = committedConsumer(topics.priced(), new ByteArrayDeserializer());
    var countConsumer = committedConsumer(topics.rollups(), new org.apache.kafka.common.serialization.LongDeserializer());
    double cpu0 = 0;
    boolean done = true;
    if (warm > 0) {
      done = awaitFloor(streams, warm, pricedConsumer, countConsumer, copiedCounted, start);
      cpu0 = streamThreadCpuSeconds(prefix + "floor");
      start = System.nanoTime();   // the app reads the measured events while they are published
      publish(warm, warm + n, false);
    }
    done = done && awaitFloor(streams, warm + n, pricedConsumer, countConsumer, copiedCounted, start);
    double secs = (System.nanoTime() - start) / 1e9;
    double cpu = streamThreadCpuSeconds(prefix + "floor") - cpu0;
    System.out.printf("floor: %,d events%s, partitions %d, commit %d ms, threads %d: copied %,d, counted %,d after %.1f s -> %,.0f events/s"
        + " (from start, incl. ~1 s rebalance); stream threads used %.1f CPU s = %,.0f events per CPU s = %.1f µs per event;"
        + " load average %.1f%n", n, warm > 0 ? String.format(" after a warm-up of %,d", warm) : "", partitions, commitMs, threads(),
        copiedCounted[0] - warm, copiedCounted[1] - warm, secs, n / secs, cpu, n / cpu, cpu * 1e6 / n, loadAverage());
    streams.close(Duration.ofSeconds(30));
    pricedConsumer.close();
    countConsumer.close();
    if (!done) {
      System.out.printf("floor FAILED: copied %,d and counted %,d of %,d%n", copiedCounted[0], copiedCounted[1], warm + n);
      return Double.NaN;
    }
    return cpu * 1e6 / n;
  }

  /** Waits until the floor topology has copied and counted {@code total} events: false if it failed or 10 minutes passed. */
  private static boolean awaitFloor(KafkaStreams streams, long total, KafkaConsumer<String, byte[]> pricedConsumer,
      KafkaConsumer<String, Long> countConsumer, long[] copiedCounted, long start) {
    while ((copiedCounted[0] < total || copiedCounted[1] < total) && (System.nanoTime() - start) < 600e9 && !failed(streams)) {
      copiedCounted[0] += pricedConsumer.poll(Duration.ofMillis(100)).count();
      for (ConsumerRecord<String, Long> r : countConsumer.poll(Duration.ofMillis(10))) {
        copiedCounted[1] = Math.max(copiedCounted[1], r.value());
      }
    }
    return copiedCounted[0] >= total && copiedCounted[1] >= total;
  }

  private void live(int rate, int seconds) throws Exception {
    setUp();
    // one daily budget per user: 0.01 USD/event (see below); thresholds reached every ~40 events of a user
    List<Map.Entry<String, Budget>> budgets = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      Budget b = Budget.newBuilder().setBudgetId("user-" + u + "-daily").setOrgId("acme").setScope(Scope.USER)
          .setScopeValue("user-" + u).setPeriod(Period.DAY).setLimitUsd(new BigDecimal("0.5").setScale(9))
          .setThresholdsPercent(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)).setUpdatedTime(DAY).build();
      budgets.add(new AbstractMap.SimpleEntry<>(b.getBudgetId(), b));
    }
    RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), budgets);
    KafkaStreams streams = startApp();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    long warmUpEnds = System.currentTimeMillis() + WARM_UP.toMillis();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    Thread producerThread = new Thread(() -> {
      try (KafkaProducer<String, UsageEvent> producer = producer()) {
        long begin = System.nanoTime();
        int i = 0;
        while (System.nanoTime() - begin < seconds * 1_000_000_000L) {
          long due = begin + (long) (i * (1e9 / rate));
          long wait = due - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          UsageEvent e = event(i, DAY.plusMillis(i * 10L));
          sentAt.put(e.getEventId(), System.currentTimeMillis());
          producer.send(new ProducerRecord<>(topics.usageEvents(), e.getEventId(), e));
          i++;
        }
        sent.set(i);
      }
      done.set(true);
    });
    producerThread.start();
    List<Long> latencies = new ArrayList<>();
    List<Long> steady = new ArrayList<>();
    long priced = 0;
    try (var breachConsumer = committedConsumer(topics.breaches(), serdes.breach().deserializer());
        var pricedConsumer = committedConsumer(topics.priced(), new ByteArrayDeserializer())) {
      long drainUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < drainUntil) {
        for (ConsumerRecord<String, BudgetBreach> r : breachConsumer.poll(Duration.ofMillis(20))) {
          Long at = sentAt.get(r.value().getTriggeringEventId());
          if (at != null) {
            long latency = System.currentTimeMillis() - at;
            latencies.add(latency);
            if (at >= warmUpEnds) {
              steady.add(latency);
            }
          }
        }
        priced += pricedConsumer.poll(Duration.ofMillis(1)).count();
        if (done.get() && drainUntil == Long.MAX_VALUE) {
          drainUntil = System.currentTimeMillis() + 10_000;
        }
      }
    }
    long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] st = steady.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("live: %,d events sent at %,d/s for %d s (partitions %d, commit %d ms); priced committed %,d; "
        + "%,d breaches: latency publish->breach p50 %d ms, p99 %d ms, max %d ms; after the first %d s: p50 %d ms, p99 %d ms,"
        + " max %d ms (threads %d; load average %.1f)%n", sent.get(),
        rate, seconds, partitions, commitMs, priced, l.length, pct(l, 0.50), pct(l, 0.99), l.length == 0 ? -1 : l[l.length - 1],
        WARM_UP.toSeconds(), pct(st, 0.50), pct(st, 0.99), st.length == 0 ? -1 : st[st.length - 1], threads(), loadAverage());
    streams.close(Duration.ofSeconds(30));
  }

  /**
   * CPU time of the Streams app's stream threads so far: unlike the wall-clock figure it hardly depends
   * on what else the shared machine runs, so it compares variants measured at different loads.
   */
  private static double streamThreadCpuSeconds(String appId) {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains(appId + "-") && t.getThreadName().contains("StreamThread")
          && !t.getThreadName().contains("Global")) {
        nanos += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return nanos / 1e9;
  }

  private static int threads() {
    return Integer.getInteger("bench.threads", 1);
  }

  /** The machine's 1-minute load average: the benchmark shares 2 cores with other work, so every figure names it. */
  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static boolean failed(KafkaStreams streams) {
    KafkaStreams.State s = streams.state();
    return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR || s == KafkaStreams.State.NOT_RUNNING
        || s == KafkaStreams.State.PENDING_SHUTDOWN;
  }

  /** Deletes the topics this run created (its catalogue under the unique prefix and the app's internal topics). */
  private void cleanUp() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
      admin.deleteTopics(mine).all().get();
      System.out.printf("deleted %d topics with prefix %s%n", mine.size(), prefix);
    } catch (Exception e) {
      System.out.println("could not delete the topics with prefix " + prefix + ": " + e);
    }
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }
}
