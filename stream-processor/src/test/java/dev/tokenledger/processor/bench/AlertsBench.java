package dev.tokenledger.processor.bench;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;

import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.config.StreamsSettings.KafkaSettings;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.UsageTopology;
import dev.tokenledger.processor.streams.runtime.PriceCatalogLoader;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.SchemaPreregistration;
import dev.tokenledger.processor.streams.runtime.StreamsApp;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * End to end alerting on the shared local stack: usage event published → budget breach (stream processor,
 * in this JVM, exactly_once_v2) → the alert dispatcher (the real role, {@code AlertsMain}, its own JVM) →
 * a signed webhook received by a local HTTP server in this JVM.
 *
 * <p>One daily USER budget per user (thresholds 10 %, 20 % … 100 %, {@code notify = ["bench"]}), its
 * limit the cost of 30 events; event time runs so that each user sends 30 events per day: every third
 * event crosses a threshold, and crossings go on for any run length. Latency of a webhook = its receipt − the publish time of the payload's
 * {@code triggering_event_id}; it is split at the time the breach was read committed from the breach topic
 * by this JVM. The webhook channel's rate limit is 100,000 per minute with a burst of 100,000 (the parser's
 * maximum), far above the breach rate, so nothing is throttled.
 *
 * <p>Usage: {@code AlertsBench [rate] [seconds] [partitions] [commitMs]}; the dispatcher's classpath comes
 * from {@code -Dbench.alertsClasspath}.
 */
public final class AlertsBench {

  private static final int USERS = 2_000;
  /** The first seconds of publishing (first assignments, JIT) are reported apart. */
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  /**
   * Event time advances 1.44 s per event: each user sends 30 events per (event-time) day, whatever the
   * rate, and a new day starts every 60,000 events, so crossings go on for any run length (one per
   * user every 3 events: a third of the events cross a threshold).
   */
  private static final long EVENT_TIME_STEP_MS = 86_400_000L / (30L * USERS);
  private static final int EVENTS_PER_USER_AND_DAY = 30;
  /** What one bench event costs at the catalogue's Sonnet 4.5 prices (1,000 in, 500 out, 200 cache write 5m, 20,000 cache read). */
  private static final BigDecimal EVENT_COST_USD = new BigDecimal("0.01725");
  private static final String CHANNEL = "bench";
  private static final String SECRET = "bench-webhook-secret";

  private final String bootstrap = StackEnv.bootstrapServers();
  private final String prefix = StackEnv.unique("abench") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final SchemaRegistry registry = CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));
  private final TopologySerdes serdes = TopologySerdes.create(registry);
  private final int partitions;
  private final long commitMs;
  private final List<Path> temporary = new ArrayList<>();
  private KafkaStreams streams;
  private Process dispatcher;
  private HttpServer server;
  private ExecutorService serverThreads;

  /** One webhook as received. */
  private record Webhook(long at, String idempotencyKey, String breachId, String triggeringEventId, String kind) {}

  private final ConcurrentLinkedQueue<Webhook> webhooks = new ConcurrentLinkedQueue<>();
  private final java.util.Set<String> deliveredBreaches = ConcurrentHashMap.newKeySet();
  private Path dispatcherLog;
  private final AtomicBoolean cleanedUp = new AtomicBoolean();
  private Thread producerThread;

  private AlertsBench(int partitions, long commitMs) {
    this.partitions = partitions;
    this.commitMs = commitMs;
  }

  public static void main(String[] args) throws Exception {
    int rate = arg(args, 0, 1_000);
    int seconds = arg(args, 1, 60);
    AlertsBench bench = new AlertsBench(arg(args, 2, 3), arg(args, 3, 100));
    Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp));   // also after Ctrl-C
    int status = 0;
    try {
      bench.run(rate, seconds, arg(args, 4, 10));
    } catch (Exception e) {
      System.out.println("alerts bench FAILED: " + e);
      e.printStackTrace(System.out);
      bench.printDispatcherLogTail();
      status = 1;
    } finally {
      bench.cleanUp();
    }
    System.exit(status);
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  private static UsageEvent event(int i, Instant t) {
    return claude("abench-" + i, t).setOrgId("acme").setUserId("user-" + (i % USERS)).setTeam("team-" + (i % 20))
        .setProjectId("github.com/acme/repo-" + (i % 50)).setSessionId("s-" + (i % 5_000))
        .setTokens(tokens(1_000, 500, 200, 0, 20_000)).build();
  }

  /**
   * @param thresholds how many thresholds each budget has, evenly spaced up to 100 % (10: 10 %, 20 % … 100 %,
   *     a crossing every 3 events; 1: 100 % only, a crossing every 30 events)
   */
  private void run(int rate, int seconds, int thresholds) throws Exception {
    if (thresholds < 1 || thresholds > 30) {
      throw new IllegalArgumentException("thresholds must be 1..30: " + thresholds);
    }
    List<Integer> percents = new ArrayList<>();
    for (int k = 1; k <= thresholds; k++) {
      percents.add(100 * k / thresholds);
    }
    // --- topics, prices, budgets
    try (Admin admin = admin()) {
      new TopicProvisioner(admin).ensure(topics, partitions, (short) 1);
    }
    var prices = PriceCatalogLoader.load(new PricingSettings(Instant.EPOCH, Optional.empty(), true));
    RecordPublisher.publish(bootstrap, topics.prices(), serdes.price(), PriceCatalogLoader.asRecords(prices));
    BigDecimal limit = EVENT_COST_USD.multiply(BigDecimal.valueOf(EVENTS_PER_USER_AND_DAY)).setScale(9, RoundingMode.HALF_UP);
    List<Map.Entry<String, Budget>> budgets = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      Budget b = Budget.newBuilder().setBudgetId("user-" + u + "-daily").setOrgId("acme").setScope(Scope.USER)
          .setScopeValue("user-" + u).setPeriod(Period.DAY).setLimitUsd(limit)
          .setThresholdsPercent(percents).setNotify(List.of(CHANNEL))
          .setUpdatedTime(DAY).build();
      budgets.add(new AbstractMap.SimpleEntry<>(b.getBudgetId(), b));
    }
    RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), budgets);

    // --- receiver, stream processor, dispatcher
    startReceiver();
    streams = startStreams();
    Path log = startDispatcher();
    waitForAssignment(log, Duration.ofSeconds(90));

    // --- publish at the rate; read the committed breaches meanwhile
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> breachVisibleAt = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    long dispatcherCpu0 = processCpuMillis(dispatcher);
    Map<String, Double> dispatcherThreads0 = linuxThreadCpuSeconds(dispatcher.pid());
    long benchCpu0 = benchJvmCpuMillis();
    long streamCpu0 = streamThreadCpuMillis();
    Map<String, Double> threadCpu0 = threadCpuSeconds();
    Map<String, Double> benchThreads0 = linuxThreadCpuSeconds(ProcessHandle.current().pid());
    long publishStart = System.currentTimeMillis();
    long warmUpEnds = publishStart + WARM_UP.toMillis();
    producerThread = new Thread(() -> {
      try (KafkaProducer<String, UsageEvent> producer = producer()) {
        long begin = System.nanoTime();
        int i = 0;
        while (System.nanoTime() - begin < seconds * 1_000_000_000L && !cleanedUp.get()) {
          long due = begin + (long) (i * (1e9 / rate));
          long wait = due - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          UsageEvent e = event(i, DAY.plusMillis(i * EVENT_TIME_STEP_MS));
          sentAt.put(e.getEventId(), System.currentTimeMillis());
          producer.send(new ProducerRecord<>(topics.usageEvents(), e.getEventId(), e));
          i++;
        }
        sent.set(i);
      }
      done.set(true);
    }, "bench-producer");
    producerThread.start();
    long breaches = 0;
    long publishEnd = 0;
    try (var breachConsumer = committedConsumer(topics.breaches())) {
      long lastProgress = System.currentTimeMillis();
      long seen = -1;
      while (true) {
        for (ConsumerRecord<String, BudgetBreach> r : breachConsumer.poll(Duration.ofMillis(20))) {
          breachVisibleAt.putIfAbsent(r.key(), System.currentTimeMillis());
          breaches++;
        }
        if (streams.state() == KafkaStreams.State.ERROR || !dispatcher.isAlive()) {
          throw new IllegalStateException("a role stopped: streams " + streams.state() + ", dispatcher alive " + dispatcher.isAlive()
              + " (its log: " + log + ")");
        }
        if (!done.get()) {
          continue;
        }
        if (publishEnd == 0) {
          publishEnd = System.currentTimeMillis();
        }
        // drained: every committed breach has its webhook and nothing new came for 3 s (at most 60 s after publishing)
        long now = System.currentTimeMillis();
        long progress = breaches + webhooks.size();
        if (progress != seen) {
          seen = progress;
          lastProgress = now;
        }
        boolean allDelivered = deliveredBreaches.containsAll(breachVisibleAt.keySet());
        if ((allDelivered && now - lastProgress > 3_000) || now - publishEnd > 60_000) {
          break;
        }
      }
    }
    long dispatcherCpu = processCpuMillis(dispatcher) - dispatcherCpu0;
    Map<String, Double> dispatcherThreads1 = linuxThreadCpuSeconds(dispatcher.pid());
    long benchCpu = benchJvmCpuMillis() - benchCpu0;
    long streamCpu = streamThreadCpuMillis() - streamCpu0;
    Map<String, Double> threadCpu1 = threadCpuSeconds();
    Map<String, Double> benchThreads1 = linuxThreadCpuSeconds(ProcessHandle.current().pid());
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    // --- figures
    List<Long> all = new ArrayList<>();
    List<Long> steady = new ArrayList<>();
    List<Long> toBreach = new ArrayList<>();
    List<Long> breachToHook = new ArrayList<>();
    Map<String, Integer> byKey = new ConcurrentHashMap<>();
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    long unmatched = 0;
    for (Webhook w : webhooks) {
      if (byKey.merge(w.idempotencyKey(), 1, Integer::sum) > 1) {
        continue;   // a duplicate: counted below, not timed again
      }
      kinds.merge(w.kind(), 1, Integer::sum);
      Long at = sentAt.get(w.triggeringEventId());
      if (at == null) {
        unmatched++;
        continue;
      }
      long latency = w.at() - at;
      all.add(latency);
      if (at >= warmUpEnds) {
        steady.add(latency);
        Long visible = breachVisibleAt.get(w.breachId());
        if (visible != null) {
          toBreach.add(visible - at);
          breachToHook.add(w.at() - visible);
        }
      }
    }
    long duplicates = byKey.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    long missing = breachVisibleAt.keySet().stream().filter(id -> !deliveredBreaches.contains(id)).count();
    double window = Math.max(1, publishEnd - publishStart) / 1000.0;
    String command = System.getProperty("bench.command", "AlertsBench " + rate + " " + seconds);
    System.out.println();
    System.out.printf("alerts: %,d events sent at %,d/s for %d s (partitions %d, commit %d ms, %,d users, daily limit $%s each);"
        + " %,d breach records committed (%,d distinct); %,d webhooks received (%s), %,d duplicate Idempotency-Keys, %,d breaches without a"
        + " webhook, %,d webhooks whose triggering event this run did not send; load average %.1f%n",
        sent.get(), rate, seconds, partitions, commitMs, USERS, limit.stripTrailingZeros().toPlainString(), breaches,
        breachVisibleAt.size(), webhooks.size(), kinds, duplicates, missing, unmatched, load);
    System.out.println();
    System.out.println("Command: `" + command + "`");
    System.out.println();
    System.out.println("| measure | webhooks | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|");
    row("publish → webhook, whole run", all);
    row("publish → webhook, after the first " + WARM_UP.toSeconds() + " s", steady);
    row("  of which publish → breach committed", toBreach);
    row("  of which breach committed → webhook", breachToHook);
    System.out.println();
    System.out.printf("CPU from the first publish to the drain (%.1f s wall): stream threads %.1f s, bench JVM in all (streams,"
        + " producer, receiver) %.1f s, dispatcher process %.1f s = %.0f µs per webhook. Target: p99 ≤ 3 s after the warm-up: %s%n",
        (System.currentTimeMillis() - publishStart) / 1000.0, streamCpu / 1000.0, benchCpu / 1000.0, dispatcherCpu / 1000.0,
        webhooks.isEmpty() ? 0.0 : dispatcherCpu * 1000.0 / webhooks.size(), pct(sorted(steady), 0.99) <= 3_000 && !steady.isEmpty() ? "met" : "MISSED");
    System.out.printf("(publishing took %.1f s; %,.0f webhooks/s on average over it)%n", window, webhooks.size() / window);
    StringBuilder top = new StringBuilder("bench JVM CPU s by thread (top 8; the rest is GC, JIT, RocksDB's native threads and threads that ended):");
    threadCpu1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threadCpu0.getOrDefault(e.getKey(), 0.0)))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
        .forEach(e -> top.append(String.format(" %s %.1f,", e.getKey(), e.getValue())));
    System.out.println(top);
    StringBuilder d = new StringBuilder("dispatcher CPU s by thread (Linux names, 15 characters, digits dropped; top 8):");
    dispatcherThreads1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - dispatcherThreads0.getOrDefault(e.getKey(), 0.0)))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
        .forEach(e -> d.append(String.format(" %s %.1f,", e.getKey(), e.getValue())));
    System.out.println(d);
    StringBuilder j = new StringBuilder("bench JVM CPU s by Linux thread name (shows JIT and GC; top 8):");
    benchThreads1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - benchThreads0.getOrDefault(e.getKey(), 0.0)))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
        .forEach(e -> j.append(String.format(" %s %.1f,", e.getKey(), e.getValue())));
    System.out.println(j);
  }

  private static long[] sorted(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static void row(String name, List<Long> values) {
    long[] s = sorted(values);
    System.out.printf("| %s | %,d | %,d | %,d | %,d |%n", name, s.length, pct(s, 0.50), pct(s, 0.99), s.length == 0 ? -1 : s[s.length - 1]);
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  // ---------------------------------------------------------------- the receiver

  private void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/", exchange -> {
      long at = System.currentTimeMillis();
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Webhook w = new Webhook(at, exchange.getRequestHeaders().getFirst("Idempotency-Key"), field(body, "breach_id"),
          field(body, "triggering_event_id"), field(body, "kind"));
      webhooks.add(w);
      deliveredBreaches.add(w.breachId());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  /** A string field of the flat JSON payload (the values the bench reads hold no quotes or escapes). */
  private static String field(String json, String name) {
    String marker = "\"" + name + "\":\"";
    int i = json.indexOf(marker);
    if (i < 0) {
      return "";
    }
    int from = i + marker.length();
    return json.substring(from, json.indexOf('"', from));
  }

  // ---------------------------------------------------------------- the roles

  private KafkaStreams startStreams() throws Exception {
    Path state = Files.createTempDirectory("alerts-bench-state");
    temporary.add(state);
    KafkaSettings k = new KafkaSettings(bootstrap, StackEnv.registryUrl(), prefix + "app", state, prefix, partitions, (short) 1,
        Duration.ofMillis(commitMs), 32L * 1024 * 1024, 1);
    TopologySettings ts = new TopologySettings(ZoneOffset.UTC, TopologySettings.DEFAULT_DEDUP_RETENTION,
        TopologySettings.DEFAULT_GRACE, Duration.ofSeconds(1), TopologySettings.DEFAULT_REPRICE_INTERVAL,
        TopologySettings.DEFAULT_MAX_FUTURE_SKEW, TopologySettings.DEFAULT_PARKED_MAX_AGE);
    SchemaPreregistration.registerAll(registry, topics, k.applicationId());
    KafkaStreams s = new KafkaStreams(UsageTopology.build(topics, serdes, ts), StreamsApp.streamsProperties(k, topics, serdes));
    s.setUncaughtExceptionHandler(e -> {
      System.out.println("stream thread failed: " + e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    s.start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (s.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    if (s.state() != KafkaStreams.State.RUNNING) {
      throw new IllegalStateException("stream processor not RUNNING after 120 s: " + s.state());
    }
    return s;
  }

  /** {@code AlertsMain alerts --config <temp toml>} with this run's prefix, group and transactional id. */
  private Path startDispatcher() throws IOException {
    String cp = System.getProperty("bench.alertsClasspath");
    if (cp == null || cp.isBlank()) {
      throw new IllegalStateException("-Dbench.alertsClasspath is not set (run through ./bench alerts)");
    }
    Path dir = Files.createTempDirectory("alerts-bench");
    temporary.add(dir);
    Path config = dir.resolve("alerts.toml");
    Files.writeString(config, """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        group_id = "%salerts"
        transactional_id = "%salerts-1"
        topic_prefix = "%s"
        [topics]
        partitions = %d
        [[channel]]
        name = "%s"
        type = "webhook"
        url = "http://127.0.0.1:%d/hook"
        secret = "%s"
        rate_per_minute = 100000
        burst = 100000
        """.formatted(bootstrap, StackEnv.registryUrl(), prefix, prefix, prefix, partitions, CHANNEL,
            server.getAddress().getPort(), SECRET));
    Path log = dir.resolve("dispatcher.log");
    dispatcherLog = log;
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("bench.alertsJavaOpts", "-Xmx256m"), "-cp", cp, "dev.tokenledger.alerts.AlertsMain", "alerts",
        "--config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("TOKENLEDGER_BOOTSTRAP_SERVERS", bootstrap);
    pb.environment().put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    pb.environment().put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    dispatcher = pb.start();
    return log;
  }

  private void waitForAssignment(Path log, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains("assigned [")) {
        return;
      }
      if (!dispatcher.isAlive()) {
        throw new IllegalStateException("the dispatcher exited (" + dispatcher.exitValue() + "):\n" + text);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the dispatcher was not assigned the breach partitions within " + timeout);
  }

  private void stopDispatcher() {
    Process p = dispatcher;
    if (p != null && p.isAlive()) {
      long t0 = System.nanoTime();
      p.destroy();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          System.out.println("the dispatcher did not stop within 30 s of SIGTERM: killed");
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } else {
          System.out.printf("the dispatcher stopped %.1f s after SIGTERM (exit %d)%n", (System.nanoTime() - t0) / 1e9, p.exitValue());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- Kafka

  private KafkaProducer<String, UsageEvent> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new StringSerializer(), serdes.usageEvent().serializer());
  }

  private KafkaConsumer<String, BudgetBreach> committedConsumer(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, BudgetBreach> c = new KafkaConsumer<>(p, new StringDeserializer(), serdes.breach().deserializer());
    List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
    c.assign(tps);
    c.seekToBeginning(tps);
    return c;
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  // ---------------------------------------------------------------- CPU

  private static long processCpuMillis(Process p) {
    return p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  private static long benchJvmCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
  }

  /** CPU seconds of this JVM's live threads, summed by name (digits dropped). */
  private static Map<String, Double> threadCpuSeconds() {
    var mx = ManagementFactory.getThreadMXBean();
    Map<String, Double> out = new java.util.HashMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null) {
        long ns = mx.getThreadCpuTime(t.getThreadId());
        if (ns > 0) {
          out.merge(t.getThreadName().replaceAll("[0-9]+", "#"), ns / 1e9, Double::sum);
        }
      }
    }
    return out;
  }

  /** CPU seconds of another process's live threads by name, from /proc (Linux only; empty elsewhere). */
  private static Map<String, Double> linuxThreadCpuSeconds(long pid) {
    Map<String, Double> out = new java.util.HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);   // utime + stime, USER_HZ
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static long streamThreadCpuMillis() {
    var mx = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("StreamThread") && !t.getThreadName().contains("Global")) {
        nanos += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return nanos / 1_000_000;
  }

  // ---------------------------------------------------------------- clean-up

  private void printDispatcherLogTail() {
    try {
      if (dispatcherLog != null && Files.exists(dispatcherLog)) {
        List<String> lines = Files.readAllLines(dispatcherLog);
        System.out.println("--- the dispatcher's last lines:");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
      }
    } catch (IOException e) {
      System.out.println("cannot read the dispatcher's log: " + e);
    }
  }

  /** Stops both roles and the receiver; deletes this run's topics, consumer groups and temporary files. */
  private void cleanUp() {
    if (!cleanedUp.compareAndSet(false, true)) {
      return;
    }
    if (producerThread != null) {   // it stops at once; its topic must not be auto-created again after the deletion
      try {
        producerThread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopDispatcher();
    if (streams != null) {   // leaving the group, so that it can be deleted at once
      streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
          .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
    if (server != null) {
      server.stop(0);
      serverThreads.shutdownNow();
    }
    try (Admin admin = admin()) {
      List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
      admin.deleteTopics(mine).all().get(60, TimeUnit.SECONDS);
      List<String> groups = admin.listGroups().all().get(60, TimeUnit.SECONDS).stream()
          .map(g -> g.groupId()).filter(g -> g.startsWith(prefix)).toList();
      for (int attempt = 1; !groups.isEmpty(); attempt++) {   // a member that left a moment ago may still be listed
        try {
          admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          if (attempt == 30) {
            throw e;
          }
          Thread.sleep(2_000);
          List<String> left = admin.listGroups().all().get(60, TimeUnit.SECONDS).stream()
              .map(g -> g.groupId()).filter(g -> g.startsWith(prefix)).toList();
          if (left.isEmpty()) {
            break;
          }
          groups = left;
        }
      }
      System.out.printf("deleted %d topics and %d consumer groups with prefix %s%n", mine.size(), groups.size(), prefix);
    } catch (Exception e) {
      System.out.println("could not delete the topics and groups with prefix " + prefix + ": " + e);
    }
    for (Path dir : temporary) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        System.out.println("could not delete " + dir + ": " + e);
      }
    }
  }
}
