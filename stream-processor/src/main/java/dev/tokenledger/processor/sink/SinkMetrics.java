package dev.tokenledger.processor.sink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the sink (logged periodically; read by tests and the benchmark). */
public final class SinkMetrics {

  final AtomicLong usageRows = new AtomicLong();
  final AtomicLong breachRows = new AtomicLong();
  final AtomicLong commitRows = new AtomicLong();
  final AtomicLong inventoryRows = new AtomicLong();
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

  /** Rows inserted into session_commits (ADR 0620). */
  public long commitRows() {
    return commitRows.get();
  }

  /** Rows inserted into mcp_inventory (ADR 0620). */
  public long inventoryRows() {
    return inventoryRows.get();
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

  /** Exposes the counters as Prometheus counters {@code tokenledger_sink_*_total}. */
  void bindTo(MeterRegistry registry) {
    counter(registry, "tokenledger_sink_rows", usageRows, "rows inserted into usage_events", "table", "usage_events");
    counter(registry, "tokenledger_sink_rows", breachRows, "rows inserted into budget_breaches", "table", "budget_breaches");
    counter(registry, "tokenledger_sink_rows", commitRows, "rows inserted into session_commits", "table", "session_commits");
    counter(registry, "tokenledger_sink_rows", inventoryRows, "rows inserted into mcp_inventory", "table", "mcp_inventory");
    counter(registry, "tokenledger_sink_batches", batches, "batches inserted");
    counter(registry, "tokenledger_sink_committed_batches", committedBatches, "batches whose offsets were committed");
    counter(registry, "tokenledger_sink_rejected", rejected, "records sent to the rejected topic");
    counter(registry, "tokenledger_sink_already_inserted", alreadyInserted, "re-read records skipped: the insert ledger has them");
    counter(registry, "tokenledger_sink_duplicates_in_batch", duplicatesInBatch, "records skipped: same event id in one batch");
    counter(registry, "tokenledger_sink_retries", retries, "transient ClickHouse failures retried");
  }

  private static void counter(MeterRegistry registry, String name, AtomicLong value, String help, String... tags) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(help).tags(tags).register(registry);
  }

  @Override
  public String toString() {
    return "usage rows " + usageRows + ", breach rows " + breachRows + ", commit rows " + commitRows
        + ", MCP inventory rows " + inventoryRows + ", batches " + batches + ", rejected " + rejected
        + ", already inserted " + alreadyInserted + ", duplicates in batch " + duplicatesInBatch + ", retries " + retries;
  }
}
