package dev.tokenledger.processor.sink;

import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes and maps the records of one poll next to the consumer thread: a poll of many records is split
 * into chunks, the consumer thread takes the first and the decoder threads the others, and each chunk
 * writes its rows into its own reusable buffer. The caller copies the rows into the batch (in offset
 * order, on the consumer thread) before the next call, which reuses the buffers.
 */
final class DecoderPool implements AutoCloseable {

  /** Decodes and maps one record, writing its row into the given per-thread buffer ({@link RecordRouter#prepare}). */
  @FunctionalInterface
  interface Preparer {
    RecordRouter.Prepared prepare(ConsumerRecord<byte[], byte[]> record, RowBinaryWriter scratch);
  }

  /** Threads that decode and map records next to the consumer thread (a poll of many records is split). */
  static final int DEFAULT_THREADS = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
  /** Fewer records than this are decoded on the consumer thread alone. */
  static final int PARALLEL_MIN_RECORDS = 2_000;

  private final ExecutorService decoders;
  private final RowBinaryWriter[] chunkBuffers;
  private final int parallelMinRecords;

  DecoderPool() {
    this(DEFAULT_THREADS, PARALLEL_MIN_RECORDS);
  }

  DecoderPool(int threads, int parallelMinRecords) {
    if (threads < 1 || parallelMinRecords < 1) {
      throw new IllegalArgumentException("threads and parallelMinRecords must be at least 1");
    }
    this.parallelMinRecords = parallelMinRecords;
    this.decoders = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "sink-decoder");
      th.setDaemon(true);
      return th;
    });
    this.chunkBuffers = new RowBinaryWriter[threads + 1];
    for (int i = 0; i < chunkBuffers.length; i++) {
      chunkBuffers[i] = new RowBinaryWriter(1 << 20);
    }
  }

  /**
   * Decodes and maps {@code polled}, in parallel chunks when there are many; the result has one entry per
   * record, in order, and an entry is null when the schema registry could not be reached for it (the
   * caller retries it on its own thread). Any other failure propagates.
   */
  List<RecordRouter.Prepared> prepareAll(List<ConsumerRecord<byte[], byte[]>> polled, Preparer preparer) {
    RecordRouter.Prepared[] out = new RecordRouter.Prepared[polled.size()];
    int chunks = polled.size() < parallelMinRecords ? 1 : chunkBuffers.length;
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
            out[i] = preparer.prepare(polled.get(i), rows);
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

  /** Stops the decoder threads. */
  @Override
  public void close() {
    decoders.shutdownNow();
  }
}
