package dev.tokenledger.processor.sink;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.schemas.testing.UsageEvents;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.QueryTemplate;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.testing.GeneratedEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Warehouse benchmark on the shared local stack (figures, never pass/fail):
 * <ul>
 *   <li>{@code sink [events] [batchRows] [runs]}: a backlog of priced events on a fresh topic, loaded by the
 *   sink (in this JVM) into a fresh database; rows/s from subscription to zero lag, CPU per row of the sink,
 *   ClickHouse, Kafka and the machine. Runs after the first reuse the JVM (compiled code).</li>
 *   <li>{@code stages [rows]}: one thread's decode, row mapping and fast path, and one insert of the rows
 *   as RowBinary and as TabSeparated, with and without the rollup view.</li>
 *   <li>{@code queries [rows] [runs]}: {@code rows} generated events (INSERT … SELECT FROM numbers(),
 *   through the rollup view like sink inserts) and the latency of every cookbook query.</li>
 * </ul>
 * Databases and topics are dropped afterwards.
 */
public final class WarehouseBench {

  private WarehouseBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "sink";
    switch (mode) {
      case "sink" -> {
        long runs = arg(args, 3, 1);   // later runs in the same JVM show the sink with its code compiled (a long-running sink)
        for (int run = 1; run <= runs; run++) {
          System.out.printf("run %d of %d%n", run, runs);
          sink(arg(args, 1, 1_000_000), (int) arg(args, 2, 50_000));
        }
      }
      case "queries" -> queries(arg(args, 1, 10_000_000), (int) arg(args, 2, 5));
      case "stages" -> stages((int) arg(args, 1, 200_000));
      default -> throw new IllegalArgumentException("usage: sink [events] [batchRows] [runs] | queries [rows] [runs] | stages [rows]");
    }
  }

  private static long arg(String[] args, int i, long fallback) {
    return args.length > i ? Long.parseLong(args[i].replace("_", "")) : fallback;
  }

  static void sink(long events, int batchRows) throws Exception {
    SinkFixture fx = new SinkFixture();
    String database = StackEnv.unique("bench_sink");
    System.out.printf("sink bench: %,d priced events on %s (%d partitions), batches of %,d rows%n",
        events, fx.topics.priced(), SinkFixture.PARTITIONS, batchRows);
    long t0 = System.nanoTime();
    publish(fx, events);
    System.out.printf("  published in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Path dir = Files.createTempDirectory("warehouse-bench");
    Path config = fx.writeConfig(dir, StackEnv.clickhouseUrl(), database, batchRows, "5m");
    Files.writeString(config, Files.readString(config).replace("max_poll_records = 2000", "max_poll_records = 20000")
        .replace("max_delay = \"200ms\"", "max_delay = \"1s\""));
    SinkSettings settings = SinkFixture.settings(config);
    SinkApp.migrate(settings);
    SinkApp app = new SinkApp(settings);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    CpuSample cpu0 = CpuSample.now();
    long start = System.nanoTime();
    Future<Integer> exit = executor.submit(app::run);
    long at10 = 0;
    long at90 = 0;
    long rows10 = 0;
    long rows90 = 0;
    while (app.metrics().usageRows() < events && !exit.isDone()) {
      Thread.sleep(20);
      long done = app.metrics().usageRows();
      if (at10 == 0 && done >= events / 10) {
        at10 = System.nanoTime();
        rows10 = done;
      }
      if (at90 == 0 && done >= events * 9 / 10) {
        at90 = System.nanoTime();
        rows90 = done;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    CpuSample cpu1 = CpuSample.now();
    app.stop(Duration.ofSeconds(30));
    executor.shutdown();
    ClickHouseHttpClient ch = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database));
    String rows = ch.query("SELECT count() FROM usage_events FORMAT TabSeparated").strip();
    System.out.printf("  sink: %s rows in %.2f s = %,.0f rows/s (%s); %s%n", rows, seconds, Long.parseLong(rows) / seconds, app.metrics(),
        loadAverage());
    if (at90 > at10) {
      System.out.printf("  steady state (from 10%% to 90%% of the rows inserted, without start-up and the last batch's wait): %,.0f rows/s%n",
          (rows90 - rows10) / ((at90 - at10) / 1e9));
    }
    System.out.printf("  %s (2 cores = %,.0f µs/row of CPU at this rate)%n  %s%n", cpu0.perRow(cpu1, events), 2e6 * seconds / events,
        cpu0.threadsPerRow(cpu1, events));
    new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + database);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fx.bootstrap))) {
      admin.deleteTopics(fx.topics.all()).all().get();
      admin.deleteConsumerGroups(List.of(fx.group)).all().get();
    }
  }

  /** Publishes pre-encoded records (a realistic mix of attributes) as fast as the producer goes. */
  private static void publish(SinkFixture fx, long events) throws Exception {
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < events; i++) {
        String id = "bench-" + i;
        UsageEvent e = UsageEvents.claude(id, start.plusMillis(i * 2_592_000_000L / events))
            .setSource(i % 5 == 0 ? SourceTool.CODEX_CLI : SourceTool.CLAUDE_CODE)
            .setUserId("user-" + i % 2000).setTeam("team-" + i % 40).setCostCentre("cc-" + i % 12)
            .setProjectId("github.com/acme/p" + i % 300).setSessionId("session-" + i / 40).setBranch("branch-" + i % 50)
            .build();
        PricedUsage priced = PricedEvents.priced(e, BigDecimal.valueOf(1000 + i % 100_000, 6))
            .setNormalizedModel("model-" + i % 7).build();
        producer.send(new ProducerRecord<>(fx.topics.priced(), id, serdes.priced().encode(fx.topics.priced(), priced)));
      }
      producer.flush();
    }
  }

  /** Cost of each sink stage in this JVM, one thread: decode, row mapping, one ClickHouse insert. */
  static void stages(int n) throws Exception {
    String topic = StackEnv.unique("bench") + ".usage.priced.v1";
    SchemaRegistry registry = CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));
    TopologySerdes serdes = TopologySerdes.create(registry);
    List<byte[]> encoded = new ArrayList<>(n);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      UsageEvent e = UsageEvents.claude("bench-" + i, start.plusSeconds(i)).setUserId("user-" + i % 2000).setTeam("team-" + i % 40).build();
      encoded.add(serdes.priced().encode(topic, PricedEvents.priced(e, BigDecimal.valueOf(1000 + i % 100_000, 6)).build()));
    }
    UsageRows rows = new UsageRows(ZoneOffset.UTC);
    String columns = String.join(", ", UsageRows.TABLE.columns().stream().map(c -> c.name()).toList());
    RowBinaryWriter body = new RowBinaryWriter(1 << 20);
    RowBinaryWriter fastBody = new RowBinaryWriter(1 << 20);
    PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneOffset.UTC);
    fast.enable(PricedUsageTranscoder.schemaId(encoded.get(0)));
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      List<PricedUsage> decoded = new ArrayList<>(n);
      for (byte[] b : encoded) {
        decoded.add(serdes.priced().decode(topic, b));
      }
      long t1 = System.nanoTime();
      body.reset();
      for (int i = 0; i < n; i++) {
        rows.write(decoded.get(i), topic, 0, i, body);
      }
      long t2 = System.nanoTime();
      decoded.clear();   // heap for the format comparison below
      fastBody.reset();
      for (int i = 0; i < n; i++) {
        fast.write(encoded.get(i), topic, 0, i, fastBody);
      }
      long t2b = System.nanoTime();
      if (fastBody.size() != body.size()) {
        throw new IllegalStateException("the fast path wrote " + fastBody.size() + " bytes, the reference path " + body.size());
      }
      ClickHouseHttpClient rb = stageDatabase();
      ClickHouseHttpClient tsv = stageDatabase();
      try {
        long rbView = timed(() -> rb.insert(UsageRows.INSERT, body.array(), 0, body.size()));
        // the same rows as TabSeparated (the server's own rendering), for the format comparison
        byte[] text = rb.query("SELECT " + columns + " FROM usage_events ORDER BY kafka_offset FORMAT TabSeparated")
            .getBytes(StandardCharsets.UTF_8);
        String tsvInsert = UsageRows.INSERT.replace("FORMAT RowBinary", "FORMAT TabSeparated");
        long tsvView = timed(() -> tsv.insert(tsvInsert, text));
        rb.execute("DROP TABLE usage_daily_mv");
        tsv.execute("DROP TABLE usage_daily_mv");
        long rbBase = timed(() -> rb.insert(UsageRows.INSERT, body.array(), 0, body.size()));   // again, without the rollup view
        long tsvBase = timed(() -> tsv.insert(tsvInsert, text));
        System.out.printf("stages (%,d rows; RowBinary %,d bytes, TabSeparated %,d bytes), rows/s on one thread: decode %,.0f, map %,.0f, fast path (decode + map) %,.0f;"
            + " insert with the rollup view: RowBinary %,.0f, TabSeparated %,.0f; without the view: RowBinary %,.0f, TabSeparated %,.0f; %s%n",
            n, body.size(), text.length, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), n / ((t2b - t2) / 1e9), n / (rbView / 1e9), n / (tsvView / 1e9),
            n / (rbBase / 1e9), n / (tsvBase / 1e9), loadAverage());
      } finally {
        for (ClickHouseHttpClient db : List.of(rb, tsv)) {
          new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + db.database());
        }
      }
    }
  }

  private static ClickHouseHttpClient stageDatabase() {
    ClickHouseHttpClient ch = new ClickHouseHttpClient(new ClickHouseEndpoint(java.net.URI.create(StackEnv.clickhouseUrl()),
        StackEnv.unique("bench_stage"), "default", "", Duration.ofMinutes(5)));
    new MigrationRunner(ch, Retrier.system(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30)), () -> {}),
        MigrationRunner.shipped()).apply();
    return ch;
  }

  private static long timed(Runnable r) {
    long t = System.nanoTime();
    r.run();
    return System.nanoTime() - t;
  }

  /** The 1-minute load average (Linux), for the record next to each figure. */
  static String loadAverage() {
    try {
      return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "load average unknown";
    }
  }

  static void queries(long rows, int runs) throws Exception {
    String database = StackEnv.unique("bench_queries");
    ClickHouseHttpClient ch = new ClickHouseHttpClient(new ClickHouseEndpoint(java.net.URI.create(StackEnv.clickhouseUrl()),
        database, "default", "", Duration.ofMinutes(30)));
    Retrier retrier = Retrier.system(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30)), () -> {});
    new MigrationRunner(ch, retrier, MigrationRunner.shipped()).apply();
    try {
      long t0 = System.nanoTime();
      GeneratedEvents.insert(ch, rows);   // in 2M-row chunks through the rollup view
      double genSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("queries bench: generated %,d events in %.1f s (%,.0f rows/s through the rollup view); "
          + "usage_daily holds %s rows, usage_events %s parts%n", rows, genSeconds, rows / genSeconds,
          ch.query("SELECT count() FROM usage_daily FORMAT TabSeparated").strip(),
          ch.query("SELECT count() FROM system.parts WHERE database = currentDatabase() AND table = 'usage_events' AND active FORMAT TabSeparated").strip());
      System.out.printf("%-40s %10s %10s %10s%n", "query", "min ms", "median ms", "rows");
      for (QueryTemplate q : QueryTemplate.shipped()) {
        String sql = q.renderSamples() + "\nFORMAT TabSeparated";
        long w = System.nanoTime();
        String out = ch.query(sql);   // warm-up
        int n = System.nanoTime() - w > 5_000_000_000L ? 1 : runs;   // slow queries: one timed run
        long[] ms = new long[n];
        for (int r = 0; r < n; r++) {
          long s = System.nanoTime();
          out = ch.query(sql);
          ms[r] = (System.nanoTime() - s) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-40s %10d %10d %10d%n", q.name(), ms[0], ms[n / 2], out.lines().count());
      }
    } finally {
      new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system")).execute("DROP DATABASE IF EXISTS " + database);
    }
  }
}
