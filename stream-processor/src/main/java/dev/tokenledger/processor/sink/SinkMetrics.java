package dev.tokenledger.processor.sink;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the sink (logged periodically; read by tests and the benchmark). */
public final class SinkMetrics {

  final AtomicLong usageRows = new AtomicLong();
  final AtomicLong breachRows = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong alreadyInserted = new AtomicLong();
  final AtomicLong duplicatesInBatch = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong committedBatches = new AtomicLong();

  /** Usage rows inserted by this process. */
  public long usageRows() {
    return usageRows.get();
  }

  public long breachRows() {
    return breachRows.get();
  }

  public long batches() {
    return batches.get();
  }

  /** Records sent to the rejected topic. */
  public long rejected() {
    return rejected.get();
  }

  /** Re-delivered records skipped because the insert ledger shows them written. */
  public long alreadyInserted() {
    return alreadyInserted.get();
  }

  /** Records skipped because their event id was already in the same batch. */
  public long duplicatesInBatch() {
    return duplicatesInBatch.get();
  }

  /** Transient ClickHouse failures retried. */
  public long retries() {
    return retries.get();
  }

  public long committedBatches() {
    return committedBatches.get();
  }

  @Override
  public String toString() {
    return "usage rows " + usageRows + ", breach rows " + breachRows + ", batches " + batches + ", rejected " + rejected
        + ", already inserted " + alreadyInserted + ", duplicates in batch " + duplicatesInBatch + ", retries " + retries;
  }
}
