package dev.tokenledger.processor.sink;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit: rows per table (RowBinary, one buffer per table), the event
 * ids in the batch (a second copy of an event id in the same batch is dropped, so the rollup views never
 * add it twice), and per partition
 * the first offset (where to seek back if the batch is lost). What to commit after the insert is the
 * consumer's position, taken when the batch is handed to the writer (see {@link BatchFlusher}).
 */
final class PendingBatch {

  final TableRows usage = new TableRows();
  final TableRows breaches = new TableRows();
  /** {@code session_commits} rows (ADR 0620). */
  final TableRows commits = new TableRows();
  /** {@code mcp_inventory} rows (ADR 0620). */
  final TableRows inventory = new TableRows();
  private final Set<String> eventIds = new HashSet<>();
  private final Map<TopicPartition, Long> first = new HashMap<>();
  private long startedNanos;
  private int records;

  /** Notes that {@code offset} of {@code tp} belongs to this batch (whatever became of the record). */
  void consumed(TopicPartition tp, long offset, long nowNanos) {
    if (records == 0) {
      startedNanos = nowNanos;
    }
    records++;
    first.putIfAbsent(tp, offset);
  }

  /** False if the event id is already in this batch. */
  boolean firstInBatch(String eventId) {
    return eventIds.add(eventId);
  }

  /** The rows of the table named {@code table}. */
  TableRows rowsOf(String table) {
    if (table.equals(UsageRows.TABLE.name())) {
      return usage;
    }
    if (table.equals(BreachRows.TABLE.name())) {
      return breaches;
    }
    if (table.equals(CommitRows.TABLE.name())) {
      return commits;
    }
    if (table.equals(McpInventoryRows.TABLE.name())) {
      return inventory;
    }
    throw new IllegalArgumentException("the sink does not write table " + table);
  }

  int rows() {
    return usage.size() + breaches.size() + commits.size() + inventory.size();
  }

  int records() {
    return records;
  }

  boolean isEmpty() {
    return records == 0;
  }

  long ageNanos(long nowNanos) {
    return records == 0 ? 0 : nowNanos - startedNanos;
  }

  Map<TopicPartition, Long> firstOffsets() {
    return Map.copyOf(first);
  }

  /** Empties the batch for reuse (the row buffers keep their capacity). */
  void clear() {
    usage.clear();
    breaches.clear();
    commits.clear();
    inventory.clear();
    eventIds.clear();
    first.clear();
    records = 0;
  }
}
