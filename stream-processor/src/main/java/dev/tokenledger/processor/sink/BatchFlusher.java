package dev.tokenledger.processor.sink;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The batch being filled and the batch being written: hands a batch to one writer thread while the
 * consumer thread fills the next (at most one batch in flight, so inserts stay in offset order), and on
 * the consumer thread, once the batch's rows are inserted, publishes its rejections, waits for their
 * acknowledgement and only then commits its offsets ({@link OffsetCommitter}). This order — insert, then
 * rejections, then commit — is what makes the warehouse exact across kills (ADR 0300, 0304): a kill
 * before the commit re-delivers rows the insert ledger shows written.
 *
 * <p>The offsets of a batch are the consumer's positions taken when it is handed to the writer: every
 * record any poll returned is in it or in an earlier batch by then. When nothing is in flight and nothing
 * is pending, a position that moved past its last commit (markers or aborted records only) is committed
 * as well. After the sink failed, nothing more is written or committed (not even on close, which revokes
 * the partitions): a later batch must never be committed past a failed one.
 */
final class BatchFlusher implements AutoCloseable {

  /** Inserts a batch's rows; returns the usage rows and breach rows inserted ({@link BatchWriter#write(PendingBatch)}). */
  @FunctionalInterface
  interface Inserter {
    int[] insert(PendingBatch batch);
  }

  private final OffsetCommitter committer;
  private final Inserter inserter;
  private final RejectPublisher rejects;
  private final SinkMetrics metrics;
  private final BooleanSupplier failed;
  private final ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> {
    Thread th = new Thread(r, "sink-writer");
    th.setDaemon(true);
    return th;
  });
  private PendingBatch current = new PendingBatch();
  /** A written batch kept for reuse, so its row buffers do not grow again from scratch. */
  private PendingBatch spare;
  private PendingBatch inFlightBatch;
  private Future<int[]> inFlight;
  private Map<TopicPartition, OffsetAndMetadata> inFlightOffsets;

  /** {@code failed}: true once the sink stopped on an error. */
  BatchFlusher(OffsetCommitter committer, Inserter inserter, RejectPublisher rejects, SinkMetrics metrics, BooleanSupplier failed) {
    this.committer = committer;
    this.inserter = inserter;
    this.rejects = rejects;
    this.metrics = metrics;
    this.failed = failed;
  }

  /** The batch being filled. */
  PendingBatch current() {
    return current;
  }

  /** Hands the current batch to the writer (after the previous one is written and committed). */
  void startWrite() {
    if (current.isEmpty()) {
      return;
    }
    awaitWritten();
    PendingBatch batch = current;
    current = freshBatch();
    inFlightOffsets = committer.positionsToCommit();
    inFlightBatch = batch;
    inFlight = writerThread.submit(() -> inserter.insert(batch));
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
    if (failed.getAsBoolean()) {
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

  /** Waits for the batch in flight, then publishes its rejections and commits its offsets. */
  void awaitWritten() {
    awaitWritten(true);
  }

  /** Waits for the batch in flight and publishes its rejections; commits nothing (partitions lost). */
  void awaitWrittenWithoutCommit() {
    awaitWritten(false);
  }

  private PendingBatch freshBatch() {
    PendingBatch b = spare != null ? spare : new PendingBatch();
    spare = null;
    return b;
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
    if (written.length > 3) {
      metrics.commitRows.addAndGet(written[2]);
      metrics.inventoryRows.addAndGet(written[3]);
    }
    metrics.batches.incrementAndGet();
    if (commit && committer.commit(offsets)) {
      metrics.committedBatches.incrementAndGet();
    }
  }

  private void commitIdlePositions() {
    if (inFlight != null || !current.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = committer.positionsToCommit();
    if (!offsets.isEmpty()) {
      committer.commit(offsets);
    }
  }

  /** Stops the writer thread (a batch still in flight is abandoned uncommitted). */
  @Override
  public void close() {
    writerThread.shutdownNow();
  }
}
