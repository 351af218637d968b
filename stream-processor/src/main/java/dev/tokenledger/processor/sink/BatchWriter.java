package dev.tokenledger.processor.sink;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.processor.warehouse.ClickHouseClient;
import dev.tokenledger.processor.warehouse.ClickHouseException;
import dev.tokenledger.processor.warehouse.Retrier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Inserts the rows of one table in one request, retrying transient failures. When ClickHouse refuses the
 * data itself, the rows are split in halves until the refused rows are isolated; those are rejected with
 * ClickHouse's message and the rest is inserted (a refused insert writes nothing: a batch is one block).
 */
final class BatchWriter {

  private final ClickHouseClient client;
  private final Retrier retrier;
  private final RecordRouter router;

  BatchWriter(ClickHouseClient client, Retrier retrier, RecordRouter router) {
    this.client = client;
    this.retrier = retrier;
    this.router = router;
  }

  /** Inserts {@code rows}; returns how many were inserted (the rest were rejected). */
  int write(String insertSql, List<PendingRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    byte[] body = body(rows);
    try {
      retrier.run("insert " + rows.size() + " rows (" + insertSql.substring(0, insertSql.indexOf('(')).strip() + ")",
          () -> client.insert(insertSql, body));
      return rows.size();
    } catch (ClickHouseException.BadData e) {
      if (rows.size() == 1) {
        PendingRow row = rows.get(0);
        router.reject(row.source(), RejectReason.UNWRITABLE, "ClickHouse refused the row: " + e.getMessage(), row.eventId(), null);
        return 0;
      }
      int half = rows.size() / 2;
      return write(insertSql, rows.subList(0, half)) + write(insertSql, rows.subList(half, rows.size()));
    }
  }

  private static byte[] body(List<PendingRow> rows) {
    int size = 0;
    for (PendingRow r : rows) {
      size += r.tsv().length() + 16;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    for (PendingRow r : rows) {
      out.writeBytes(r.tsv().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
