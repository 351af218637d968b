package dev.tokenledger.processor.sink;

import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.retry.RetriesExhaustedException;
import dev.tokenledger.retry.RetryClassifier;
import dev.tokenledger.retry.RetryListener;
import dev.tokenledger.retry.RetryLoop;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread's loop: polls (never longer than the current batch may still wait), decodes the
 * records in the {@link DecoderPool}, routes them into the current batch in offset order, commits a
 * written batch, and hands the batch to the writer when it holds {@code batch.max_rows} rows or its first
 * record is {@code batch.max_delay} old. A record the schema registry could not be reached for is routed
 * again on this thread with backoff, for up to {@code retry.give_up_after}. On a stop request it writes
 * and commits what it holds and returns; failures propagate to the caller.
 */
final class PollLoop {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(30);
  private static final long MAX_POLL_MILLIS = 200;

  /** Waits between attempts to reach the schema registry. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Consumer<byte[], byte[]> consumer;
  private final BatchFlusher flusher;
  private final DecoderPool decoders;
  private final RecordRouter router;
  private final SinkSettings.BatchSettings batchSettings;
  /** The registry retries, on the shared policy (bounded by {@code retry.give_up_after} of real time). */
  private final RetryLoop registryRetries;
  private final SinkMetrics metrics;
  private final BooleanSupplier running;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  /**
   * @param running false once a stop was requested
   * @param nanoTime the monotonic clock batches are aged by ({@code System::nanoTime})
   */
  PollLoop(Consumer<byte[], byte[]> consumer, BatchFlusher flusher, DecoderPool decoders, RecordRouter router,
      SinkSettings.BatchSettings batchSettings, RetryPolicy registryRetry, SinkMetrics metrics, BooleanSupplier running,
      LongSupplier nanoTime, Sleeper sleeper) {
    this.consumer = consumer;
    this.flusher = flusher;
    this.decoders = decoders;
    this.router = router;
    this.batchSettings = batchSettings;
    this.registryRetries = RetryLoop.of(registryRetry.shared(),
            RetryClassifier.instancesOf(WireFormatException.RegistryUnavailable.class))
        .withSleeper(sleeper::sleep).withNanoTime(nanoTime).withListener(new RetryListener() {
          @Override
          public void retrying(int failures, Throwable failure, Duration wait) {
            LOG.warn("sink: schema registry unavailable ({}); retrying in {} ms", failure.getMessage(), wait.toMillis());
          }
        });
    this.metrics = metrics;
    this.running = running;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Polls until a stop is requested, then writes and commits what it holds. */
  void run() {
    long maxDelayNanos = batchSettings.maxDelay().toNanos();
    long nextStats = nanoTime.getAsLong() + STATS_INTERVAL.toNanos();
    while (running.getAsBoolean()) {
      long now = nanoTime.getAsLong();
      PendingBatch batch = flusher.current();
      long wait = batch.isEmpty() ? MAX_POLL_MILLIS : Math.max(0, (maxDelayNanos - batch.ageNanos(now)) / 1_000_000);
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(Duration.ofMillis(Math.min(wait, MAX_POLL_MILLIS)));
      } catch (WakeupException e) {
        break;
      }
      now = nanoTime.getAsLong();
      batch = flusher.current();   // a rebalance inside poll may have flushed
      List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
      records.forEach(polled::add);
      List<RecordRouter.Prepared> prepared = decoders.prepareAll(polled, router::prepare);
      for (int i = 0; i < polled.size(); i++) {
        if (prepared.get(i) == null) {
          routeWithRetry(polled.get(i), batch, now);   // the registry was unreachable
        } else {
          router.apply(prepared.get(i), batch, now);
        }
      }
      flusher.commitIfWritten();
      if (batch.rows() >= batchSettings.maxRows() || (!batch.isEmpty() && batch.ageNanos(now) >= maxDelayNanos)) {
        flusher.startWrite();
      }
      if (now >= nextStats) {
        LOG.info("sink: {}", metrics);
        nextStats = now + STATS_INTERVAL.toNanos();
      }
    }
    flusher.flush();
  }

  private void routeWithRetry(ConsumerRecord<byte[], byte[]> r, PendingBatch batch, long now) {
    try {
      registryRetries.call(() -> {
        router.route(r, batch, now);
        return null;
      });
    } catch (RetriesExhaustedException e) {
      if (e.interrupted()) {
        throw new SinkFailure("interrupted", e);
      }
      throw new SinkFailure("schema registry unavailable after " + e.attempts() + " attempts in " + e.elapsed() + ": "
          + e.lastFailure().getMessage(), e);
    }
  }
}
