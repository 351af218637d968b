package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.TableColumns;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse sink: consumes {@code usage.priced.v1} and {@code budget.breaches.v1} (read_committed,
 * one consumer group, so instances share the partitions), batches rows by size and age, inserts them into
 * ClickHouse and commits the offsets only after the insert (and any rejection) succeeded. Re-delivered
 * records that are already in the warehouse are skipped (see {@link InsertLedger}). Transient ClickHouse
 * failures are retried with bounded backoff; when retrying gives up, or ClickHouse refuses a statement,
 * the sink stops with an error and leaves the batch uncommitted.
 */
public final class SinkApp {

  private static final Logger LOG = LoggerFactory.getLogger(SinkApp.class);
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(30);
  /** Threads that decode and map records next to the consumer thread (a poll of many records is split). */
  private static final int DECODER_THREADS = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
  private static final int PARALLEL_MIN_RECORDS = 2_000;
  /** Wakeups (stop requests) a commit or position lookup absorbs before giving up. */
  private static final int MAX_WAKEUPS_PER_CALL = 3;

  private final SinkSettings settings;
  private final Function<Properties, KafkaConsumer<byte[], byte[]>> consumers;
  private final SinkMetrics metrics = new SinkMetrics();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  /** Set when the sink stops on an error: nothing more may be written or committed (not even on close). */
  private volatile boolean failed;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  public SinkApp(SinkSettings settings) {
    this(settings, props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  /** With another consumer factory (tests inject failures into the consumer). */
  SinkApp(SinkSettings settings, Function<Properties, KafkaConsumer<byte[], byte[]>> consumers) {
    this.settings = settings;
    this.consumers = consumers;
  }

  public SinkMetrics metrics() {
    return metrics;
  }

  /** Asks a running sink to write what it holds, commit and stop; waits up to {@code timeout}. */
  public void stop(Duration timeout) {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
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
    try {
      return runLoop();
    } finally {
      stopped.countDown();
    }
  }

  private int runLoop() {
    Topics topics = settings.topics();
    ClickHouseClient client = new ClickHouseHttpClient(settings.clickhouse());
    Retrier retrier = Retrier.system(settings.retry(), metrics.retries::incrementAndGet);
    try {
      if (settings.applyMigrationsOnStart()) {
        List<String> applied = new MigrationRunner(client, retrier, MigrationRunner.shipped()).apply();
        LOG.info("migrations: {} applied to {}", applied.isEmpty() ? "none" : applied, settings.clickhouse().database());
      }
    } catch (RuntimeException e) {
      LOG.error("sink: cannot apply the ClickHouse migrations, stopping: {}", e.getMessage(), e);
      return 1;
    }
    try {
      retrier.run("check the columns of the warehouse tables", () -> {
        TableColumns.verify(client, UsageRows.TABLE);
        TableColumns.verify(client, BreachRows.TABLE);
      });
    } catch (RuntimeException e) {
      LOG.error("sink: {}, stopping", e.getMessage());
      return 1;
    }
    SchemaRegistry registry = CachingSchemaRegistry.connect(RegistryConfig.of(settings.kafka().registryUrl()));
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.of(PricedUsage.class, registry, false, false);
    AvroSerde<BudgetBreach> breachSerde = AvroSerde.of(BudgetBreach.class, registry, false, false);
    AvroSerde<RejectedEvent> rejectedSerde = AvroSerde.forValue(RejectedEvent.class, registry);
    InsertLedger ledger = new InsertLedger(client, retrier);
    ExecutorService decoders = Executors.newFixedThreadPool(DECODER_THREADS, r -> {
      Thread th = new Thread(r, "sink-decoder");
      th.setDaemon(true);
      return th;
    });
    ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> {
      Thread th = new Thread(r, "sink-writer");
      th.setDaemon(true);
      return th;
    });
    KafkaConsumer<byte[], byte[]> c = consumers.apply(consumerProps());
    try (KafkaProducer<String, RejectedEvent> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), rejectedSerde.serializer())) {
      consumer = c;
      RejectPublisher rejects = new RejectPublisher(producer, topics.rejected(), Clock.systemUTC());
      RecordRouter router = new RecordRouter(topics, pricedSerde, breachSerde, new UsageRows(settings.zone()),
          fastPath(registry), ledger, rejects, metrics);
      BatchWriter writer = new BatchWriter(client, retrier, router);
      Flusher flusher = new Flusher(c, writer, rejects, writerThread);
      c.subscribe(List.of(topics.priced(), topics.breaches()), new Rebalance(c, flusher, ledger, router));
      LOG.info("sink: consuming {} and {} as group {} into {} / {}", topics.priced(), topics.breaches(),
          settings.kafka().groupId(), settings.clickhouse().url(), settings.clickhouse().database());
      RowBinaryWriter[] chunkBuffers = new RowBinaryWriter[DECODER_THREADS + 1];
      for (int i = 0; i < chunkBuffers.length; i++) {
        chunkBuffers[i] = new RowBinaryWriter(1 << 20);
      }
      long maxDelayNanos = settings.batch().maxDelay().toNanos();
      long nextStats = System.nanoTime() + STATS_INTERVAL.toNanos();
      while (running) {
        long now = System.nanoTime();
        PendingBatch batch = flusher.current();
        long wait = batch.isEmpty() ? 200 : Math.max(0, (maxDelayNanos - batch.ageNanos(now)) / 1_000_000);
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(Duration.ofMillis(Math.min(wait, 200)));
        } catch (WakeupException e) {
          break;
        }
        now = System.nanoTime();
        batch = flusher.current();   // a rebalance inside poll may have flushed
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        List<RecordRouter.Prepared> prepared = prepareAll(router, polled, decoders, chunkBuffers);
        for (int i = 0; i < polled.size(); i++) {
          if (prepared.get(i) == null) {
            routeWithRetry(router, polled.get(i), batch, now, retrier);   // the registry was unreachable
          } else {
            router.apply(prepared.get(i), batch, now);
          }
        }
        flusher.commitIfWritten();
        if (batch.rows() >= settings.batch().maxRows() || (!batch.isEmpty() && batch.ageNanos(now) >= maxDelayNanos)) {
          flusher.startWrite();
        }
        if (now >= nextStats) {
          LOG.info("sink: {}", metrics);
          nextStats = now + STATS_INTERVAL.toNanos();
        }
      }
      flusher.flush();
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
      closeQuietly(c);
      writerThread.shutdownNow();
      decoders.shutdownNow();
    }
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
  private static void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.warn("sink: closing the consumer failed after the final commit: {}", e.toString());
    }
  }

  /**
   * Decodes and maps the polled records, in parallel chunks when there are many, each chunk writing its
   * rows into its own reusable buffer (the caller copies them into the batch before the next poll); an
   * entry is null when the schema registry could not be reached for it (the caller retries it on its own
   * thread).
   */
  private static List<RecordRouter.Prepared> prepareAll(RecordRouter router, List<ConsumerRecord<byte[], byte[]>> polled,
      ExecutorService decoders, RowBinaryWriter[] chunkBuffers) {
    RecordRouter.Prepared[] out = new RecordRouter.Prepared[polled.size()];
    int chunks = polled.size() < PARALLEL_MIN_RECORDS ? 1 : chunkBuffers.length;
    int size = (polled.size() + chunks - 1) / Math.max(1, chunks);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int from = 0, chunk = 0; from < polled.size(); from += size, chunk++) {
      int start = from;
      int end = Math.min(polled.size(), from + size);
      RowBinaryWriter rows = chunkBuffers[chunk];
      tasks.add(() -> {
        rows.reset();   // the rows of the previous poll were copied into the batch by then
        for (int i = start; i < end; i++) {
          try {
            out[i] = router.prepare(polled.get(i), rows);
          } catch (WireFormatException.RegistryUnavailable e) {
            out[i] = null;
          }
        }
        return null;
      });
    }
    if (tasks.size() <= 1) {
      for (Callable<Void> task : tasks) {
        call(task);
      }
    } else {
      List<Future<Void>> running = new ArrayList<>();
      for (Callable<Void> task : tasks.subList(1, tasks.size())) {
        running.add(decoders.submit(task));
      }
      call(tasks.get(0));   // the consumer thread takes the first chunk
      for (Future<Void> f : running) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SinkFailure("interrupted while decoding", e);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re : new SinkFailure("decoding failed", e.getCause());
        }
      }
    }
    return Arrays.asList(out);
  }

  private static void call(Callable<Void> task) {
    try {
      task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SinkFailure("decoding failed", e);
    }
  }

  private void routeWithRetry(RecordRouter router, ConsumerRecord<byte[], byte[]> r, PendingBatch batch, long now,
      Retrier retrier) {
    int attempt = 0;
    while (true) {
      try {
        router.route(r, batch, now);
        return;
      } catch (WireFormatException.RegistryUnavailable e) {
        attempt++;
        Duration wait = settings.retry().backoff(attempt);
        if (Duration.ofMillis(wait.toMillis() * attempt).compareTo(settings.retry().giveUpAfter()) > 0) {
          throw new SinkFailure("schema registry unavailable: " + e.getMessage(), e);
        }
        LOG.warn("sink: schema registry unavailable ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new SinkFailure("interrupted", ie);
        }
      }
    }
  }

  private Properties consumerProps() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.kafka().groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.kafka().maxPollRecords());
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    // a batch may be retried for retry.give_up_after without polling: stay in the group meanwhile
    long maxPollInterval = settings.retry().giveUpAfter().plus(settings.clickhouse().requestTimeout()).plusMinutes(5).toMillis();
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxPollInterval));
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.kafka().sessionTimeout().toMillis());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafka().groupId() + "-" + ProcessHandle.current().pid());
    return p;
  }

  private Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }

  /** A failure outside ClickHouse that stops the sink. */
  static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Writes batches on one writer thread while the consumer thread fills the next batch (at most one batch
   * in flight, so inserts stay in offset order), and commits a batch's offsets on the consumer thread once
   * its rows and rejections are written.
   *
   * <p>The offsets committed are the consumer's positions, not "last record + 1": on transactional input
   * each transaction ends with a commit marker the consumer steps over, and aborted batches are skipped,
   * so only the position reaches the log end. A batch is handed to the writer after every record any poll
   * returned is in it (or in an earlier batch), so the position of every assigned partition is covered by
   * the batches written up to and including it. When nothing is in flight and nothing is pending, a
   * position that moved past its last commit (markers or aborted records only) is committed as well.
   */
  private final class Flusher {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BatchWriter writer;
    private final RejectPublisher rejects;
    private final ExecutorService writerThread;
    /** The offset last committed (or found committed at assignment) per assigned partition. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private PendingBatch current = new PendingBatch();
    /** A written batch kept for reuse, so its row buffers do not grow again from scratch. */
    private PendingBatch spare;
    private PendingBatch inFlightBatch;
    private Future<int[]> inFlight;
    private Map<TopicPartition, OffsetAndMetadata> inFlightOffsets;

    Flusher(KafkaConsumer<byte[], byte[]> consumer, BatchWriter writer, RejectPublisher rejects, ExecutorService writerThread) {
      this.consumer = consumer;
      this.writer = writer;
      this.rejects = rejects;
      this.writerThread = writerThread;
    }

    PendingBatch current() {
      return current;
    }

    /** Notes the position a partition starts from when assigned (its committed offset or the reset position). */
    void assigned(TopicPartition tp, long position) {
      committed.put(tp, position);
    }

    void unassigned(Collection<TopicPartition> partitions) {
      partitions.forEach(committed::remove);
    }

    /** Hands the current batch to the writer (after the previous one is written and committed). */
    void startWrite() {
      if (current.isEmpty()) {
        return;
      }
      awaitWritten();
      PendingBatch batch = current;
      current = freshBatch();
      inFlightOffsets = positionsToCommit();
      inFlightBatch = batch;
      inFlight = writerThread.submit(() -> new int[] {
          writer.write(UsageRows.TABLE.name(), UsageRows.INSERT, batch.usage), writer.write(BreachRows.TABLE.name(), BreachRows.INSERT, batch.breaches)});
    }

    /** Commits the batch in flight if its write has finished; never waits. When idle, commits moved positions. */
    void commitIfWritten() {
      if (inFlight != null && inFlight.isDone()) {
        awaitWritten();
      }
      if (inFlight == null && current.isEmpty()) {
        commitIdlePositions();
      }
    }

    /**
     * Writes and commits everything read so far — unless the sink failed: then a later batch must not be
     * written and committed past the failed one (closing the consumer revokes the partitions).
     */
    void flush() {
      if (failed) {
        return;
      }
      startWrite();
      awaitWritten();
      commitIdlePositions();
    }

    /** Forgets the batch not yet handed to the writer (its records will be read again). */
    PendingBatch discardCurrent() {
      PendingBatch dropped = current;
      current = new PendingBatch();
      return dropped;
    }

    private PendingBatch freshBatch() {
      PendingBatch b = spare != null ? spare : new PendingBatch();
      spare = null;
      return b;
    }

    /** Waits for the batch in flight, then publishes its rejections and commits its offsets. */
    void awaitWritten() {
      awaitWritten(true);
    }

    /** Waits for the batch in flight and publishes its rejections; commits nothing (partitions lost). */
    void awaitWrittenWithoutCommit() {
      awaitWritten(false);
    }

    private void awaitWritten(boolean commit) {
      if (inFlight == null) {
        return;
      }
      int[] written;
      Map<TopicPartition, OffsetAndMetadata> offsets = inFlightOffsets;
      inFlightOffsets = null;
      try {
        written = inFlight.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkFailure("interrupted while writing a batch", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new SinkFailure("writing a batch failed: " + e.getCause(), e.getCause());
      } finally {
        inFlight = null;
      }
      if (inFlightBatch != null) {
        inFlightBatch.clear();   // written: keep its row buffers for the next batch
        spare = inFlightBatch;
        inFlightBatch = null;
      }
      rejects.flush();
      metrics.usageRows.addAndGet(written[0]);
      metrics.breachRows.addAndGet(written[1]);
      metrics.batches.incrementAndGet();
      if (commit && commit(offsets)) {
        metrics.committedBatches.incrementAndGet();
      }
    }

    /**
     * Commits synchronously. A stop request wakes the consumer (once per {@link #stop} call, and a
     * shutdown may call it more than once); a wakeup that lands in the commit must not fail the stop, so
     * the commit is repeated — the loop sees {@code running == false} next.
     */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      for (int wakeups = 0; ; wakeups++) {
        try {
          consumer.commitSync(offsets);
          return;
        } catch (WakeupException e) {
          if (wakeups >= MAX_WAKEUPS_PER_CALL) {
            throw e;
          }
        }
      }
    }

    private long position(TopicPartition tp) {
      for (int wakeups = 0; ; wakeups++) {
        try {
          return consumer.position(tp);
        } catch (WakeupException e) {
          if (wakeups >= MAX_WAKEUPS_PER_CALL) {
            throw e;
          }
        }
      }
    }

    /** The position of every assigned partition that moved past its last commit. */
    private Map<TopicPartition, OffsetAndMetadata> positionsToCommit() {
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        long position = position(tp);
        Long last = committed.get(tp);
        if (last == null || position > last) {
          out.put(tp, new OffsetAndMetadata(position));
        }
      }
      return out;
    }

    private void commitIdlePositions() {
      if (inFlight != null || !current.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = positionsToCommit();
      if (!offsets.isEmpty()) {
        commit(offsets);
      }
    }

    /** Commits the offsets of partitions still assigned; false if the group rebalanced meanwhile. */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
      Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(offsets);
      owned.keySet().retainAll(consumer.assignment());
      if (owned.isEmpty()) {
        return true;
      }
      try {
        commitSync(owned);
        owned.forEach((tp, o) -> committed.put(tp, o.offset()));
        return true;
      } catch (CommitFailedException | RebalanceInProgressException e) {
        // the rows are in the warehouse; the partition's next owner finds them in the insert ledger
        LOG.warn("sink: offsets not committed (group rebalanced); the next owner skips the inserted rows: {}", e.getMessage());
        return false;
      }
    }
  }

  /** Flushes before partitions go, loads the insert ledger when they come. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Flusher flusher;
    private final InsertLedger ledger;
    private final RecordRouter router;

    Rebalance(KafkaConsumer<byte[], byte[]> consumer, Flusher flusher, InsertLedger ledger, RecordRouter router) {
      this.consumer = consumer;
      this.flusher = flusher;
      this.ledger = ledger;
      this.router = router;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      flusher.flush();
      flusher.unassigned(partitions);
      partitions.forEach(ledger::forget);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<String, Map<TopicPartition, Long>> byTopic = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long position = consumer.position(tp);
        flusher.assigned(tp, position);
        byTopic.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp, position);
      }
      byTopic.forEach((topic, positions) -> ledger.loadAll(router.tableOf(topic), positions).forEach((tp, found) ->
          LOG.info("sink: {} has {} records at or after offset {} already in the warehouse; they will be skipped",
              tp, found, positions.get(tp))));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // the batches can no longer be committed: finish the write in flight, drop the rest and re-read
      // the partitions still owned from their first uncommitted record
      try {
        flusher.awaitWrittenWithoutCommit();
      } catch (RuntimeException e) {
        LOG.warn("sink: the batch in flight when partitions were lost failed: {}", e.getMessage());
      }
      Map<TopicPartition, Long> first = flusher.discardCurrent().firstOffsets();
      Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
      kept.removeAll(partitions);
      for (TopicPartition tp : kept) {
        Long offset = first.get(tp);
        if (offset != null) {
          consumer.seek(tp, offset);
          ledger.load(tp, router.tableOf(tp.topic()), offset);
        }
      }
      flusher.unassigned(partitions);
      partitions.forEach(ledger::forget);
      LOG.warn("sink: lost partitions {}; their uncommitted records are left to the next owner", partitions);
    }
  }
}
