package dev.tokenledger.processor.sink;

import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The rows of one table in a batch: their RowBinary bytes back to back in one reusable buffer (the insert
 * body), and per row its record, event id and byte range, so that a refused batch can be split into halves
 * and a retry can leave out rows that are already stored.
 */
final class TableRows {

  private final RowBinaryWriter body = new RowBinaryWriter(64 * 1024);
  private final List<PendingRow> rows = new ArrayList<>();

  /** Appends one row written elsewhere ({@code length} bytes of {@code src} from {@code offset}). */
  void add(byte[] src, int offset, int length, ConsumerRecord<byte[], byte[]> source, String eventId) {
    int start = body.size();
    body.append(src, offset, length);
    rows.add(new PendingRow(source, eventId, start, length));
  }

  /** The rows in batch order. */
  List<PendingRow> rows() {
    return Collections.unmodifiableList(rows);
  }

  /** The buffer the rows' byte ranges refer to (valid until the next {@link #add} or {@link #clear}). */
  byte[] bytes() {
    return body.array();
  }

  int size() {
    return rows.size();
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Forgets the rows, keeping the buffer's capacity for the next batch. */
  void clear() {
    rows.clear();
    body.reset();
  }
}
