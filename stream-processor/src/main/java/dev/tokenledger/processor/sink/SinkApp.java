package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.operations.Operations;
import dev.tokenledger.operations.Readiness;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.TableColumns;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse sink: consumes {@code usage.priced.v1}, {@code budget.breaches.v1} and the efficiency inputs
 * {@code agent.commits.v1} and {@code agent.mcp-inventory.v1} (ADR 0620; read_committed,
 * one consumer group, so instances share the partitions), batches rows by size and age, inserts them into
 * ClickHouse and commits the offsets only after the insert (and any rejection) succeeded. Re-delivered
 * records that are already in the warehouse are skipped (see {@link InsertLedger}). Transient ClickHouse
 * failures are retried with bounded backoff; when retrying gives up, or ClickHouse refuses a statement,
 * the sink stops with an error and leaves the batch uncommitted.
 *
 * <p>This class only prepares the warehouse (migrations, column check) and wires the parts, each named by
 * its role: {@link PollLoop} (the consumer thread), {@link DecoderPool} (decoding next to it),
 * {@link RecordRouter} (record → row, rejection or skip), {@link BatchFlusher} (the batch in flight and
 * the order insert → rejections → commit), {@link BatchWriter} (one table's insert, retries, bad rows),
 * {@link OffsetCommitter} (which offsets are committed), {@link RebalanceHandler} (partitions coming and
 * going, the insert ledger) and {@link SinkKafkaProperties}; it maps failures to the exit code.
 */
public final class SinkApp {

  private static final Logger LOG = LoggerFactory.getLogger(SinkApp.class);

  private final SinkSettings settings;
  private final Function<Properties, ? extends Consumer<byte[], byte[]>> consumers;
  private final SinkMetrics metrics = new SinkMetrics();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  /** Set when the sink stops on an error: nothing more may be written or committed (not even on close). */
  private volatile boolean failed;
  private volatile Consumer<byte[], byte[]> consumer;

  public SinkApp(SinkSettings settings) {
    this(settings, props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  /** With another consumer factory (tests inject failures into the consumer). */
  SinkApp(SinkSettings settings, Function<Properties, ? extends Consumer<byte[], byte[]>> consumers) {
    this.settings = settings;
    this.consumers = consumers;
  }

  public SinkMetrics metrics() {
    return metrics;
  }

  /** Asks a running sink to write what it holds, commit and stop; waits up to {@code timeout}. */
  public void stop(Duration timeout) {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Applies the migrations with the sink's settings; returns the migrations applied. */
  public static List<String> migrate(SinkSettings settings) {
    ClickHouseClient client = new ClickHouseHttpClient(settings.clickhouse());
    Retrier retrier = Retrier.system(settings.retry(), () -> {});
    return new MigrationRunner(client, retrier, MigrationRunner.shipped()).apply();
  }

  /** Runs until {@link #stop} (exit code 0) or a persistent failure (exit code 1, logged). */
  public int run() {
    try (Operations ops = new Operations("sink")) {
      metrics.bindTo(ops.registry());
      ops.serve(settings.ops(), this::readiness);
      return runLoop(ops);
    } finally {
      stopped.countDown();
    }
  }

  /** Ready while consuming (the warehouse prepared, the consumer subscribed), until a failure or a stop. */
  private Readiness.Status readiness() {
    if (failed) {
      return Readiness.Status.notReady("stopped after a failure (see the log)");
    }
    if (!running) {
      return Readiness.Status.notReady("stopping");
    }
    return consumer != null ? Readiness.Status.ready("consuming") : Readiness.Status.notReady("preparing the warehouse");
  }

  private int runLoop(Operations ops) {
    ClickHouseClient client = new ClickHouseHttpClient(settings.clickhouse());
    Retrier retrier = Retrier.system(settings.retry(), metrics.retries::incrementAndGet);
    if (!prepareWarehouse(client, retrier)) {
      return 1;
    }
    Topics topics = settings.topics();
    SchemaRegistry registry = CachingSchemaRegistry.connect(settings.kafka().registry());
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.of(PricedUsage.class, registry, false, false);
    AvroSerde<BudgetBreach> breachSerde = AvroSerde.of(BudgetBreach.class, registry, false, false);
    RecordRouter.EfficiencyInputs inputs = new RecordRouter.EfficiencyInputs(
        AvroSerde.of(SessionCommit.class, registry, false, false), AvroSerde.of(McpInventoryEntry.class, registry, false, false));
    AvroSerde<RejectedEvent> rejectedSerde = AvroSerde.forValue(RejectedEvent.class, registry);
    InsertLedger ledger = new InsertLedger(client, retrier);
    DecoderPool decoders = new DecoderPool();
    Consumer<byte[], byte[]> c = consumers.apply(SinkKafkaProperties.consumer(settings, ProcessHandle.current().pid()));
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(c);
    consumerMetrics.bindTo(ops.registry());
    BatchFlusher flusher = null;
    try (KafkaProducer<String, RejectedEvent> producer = new KafkaProducer<>(SinkKafkaProperties.producer(settings),
        new StringSerializer(), rejectedSerde.serializer())) {
      consumer = c;
      RejectPublisher rejects = new RejectPublisher(producer, topics.rejected(), Clock.systemUTC());
      RecordRouter router = new RecordRouter(topics, pricedSerde, breachSerde, inputs, new UsageRows(settings.zone()),
          fastPath(registry), ledger, rejects, metrics);
      BatchWriter writer = new BatchWriter(client, retrier, router);
      OffsetCommitter committer = new OffsetCommitter(c);
      flusher = new BatchFlusher(committer, writer::write, rejects, metrics, () -> failed);
      List<String> consumed = List.of(topics.priced(), topics.breaches(), topics.commits(), topics.mcpInventory());
      c.subscribe(consumed, new RebalanceHandler(c, flusher, committer, ledger, router::tableOf));
      LOG.info("sink: consuming {} as group {} into {} / {}", consumed,
          settings.kafka().groupId(), settings.clickhouse().url(), settings.clickhouse().database());
      new PollLoop(c, flusher, decoders, router, settings.batch(), settings.retry(), metrics, () -> running, System::nanoTime,
          d -> Thread.sleep(d.toMillis())).run();
      LOG.info("sink: stopped ({})", metrics);
      return 0;
    } catch (Retrier.RetriesExhausted | ClickHouseException | SinkFailure e) {
      failed = true;
      LOG.error("sink: STOPPING, the current batch stays uncommitted and will be re-read on restart: {}", e.getMessage(), e);
      return 1;
    } catch (RuntimeException e) {
      failed = true;
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof Retrier.RetriesExhausted) && !(cause instanceof ClickHouseException)) {
        cause = cause.getCause();   // e.g. a failure inside a rebalance callback, wrapped by the consumer
      }
      LOG.error("sink: STOPPING, the current batch stays uncommitted and will be re-read on restart: {}", cause, e);
      return 1;
    } finally {
      consumer = null;
      consumerMetrics.close();
      closeQuietly(c);
      if (flusher != null) {
        flusher.close();
      }
      decoders.close();
    }
  }

  /** Applies the migrations (unless disabled) and checks the tables' columns; false (logged) if the sink cannot start. */
  private boolean prepareWarehouse(ClickHouseClient client, Retrier retrier) {
    try {
      if (settings.applyMigrationsOnStart()) {
        List<String> applied = new MigrationRunner(client, retrier, MigrationRunner.shipped()).apply();
        LOG.info("migrations: {} applied to {}", applied.isEmpty() ? "none" : applied, settings.clickhouse().database());
      }
    } catch (RuntimeException e) {
      LOG.error("sink: cannot apply the ClickHouse migrations, stopping: {}", e.getMessage(), e);
      return false;
    }
    try {
      retrier.run("check the columns of the warehouse tables", () -> {
        TableColumns.verify(client, UsageRows.TABLE);
        TableColumns.verify(client, BreachRows.TABLE);
        TableColumns.verify(client, CommitRows.TABLE);
        TableColumns.verify(client, McpInventoryRows.TABLE);
      });
    } catch (RuntimeException e) {
      LOG.error("sink: {}, stopping", e.getMessage());
      return false;
    }
    return true;
  }

  /** The Avro fast path, or null (every record takes the reference path) if it does not know the contract. */
  private PricedUsageTranscoder fastPath(SchemaRegistry registry) {
    try {
      return new PricedUsageTranscoder(registry, settings.zone());
    } catch (IllegalStateException e) {
      LOG.warn("sink: the Avro fast path does not cover this PricedUsage contract, every record is decoded by the serde: {}",
          e.getMessage());
      return null;
    }
  }

  /**
   * Closes the consumer (leaving the group). Everything written is committed by then, so a failure here
   * (e.g. a stop request's wakeup landing in the close) is logged and does not change the exit code.
   */
  private static void closeQuietly(Consumer<byte[], byte[]> c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.warn("sink: closing the consumer failed after the final commit: {}", e.toString());
    }
  }
}
