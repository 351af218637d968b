package dev.tokenledger.processor.sink;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the rows of one table in one request, retrying transient failures. When ClickHouse refuses the
 * data itself, the rows are split in halves until the refused rows are isolated; those are rejected with
 * ClickHouse's message and the rest is inserted. A refusal can come after the base table's part was
 * written (e.g. from the rollup view), so the insert ledger is asked before halving, and rows it shows
 * count as inserted. A retry after a failure whose outcome is unknown first waits until the failed insert
 * has ended on the server (a client timeout does not stop it), then sends only the rows the insert ledger
 * does not show.
 */
final class BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final ClickHouseClient client;
  private final Retrier retrier;
  private final RecordRouter router;

  BatchWriter(ClickHouseClient client, Retrier retrier, RecordRouter router) {
    this.client = client;
    this.retrier = retrier;
    this.router = router;
  }

  /**
   * Inserts a batch, its usage rows, breach rows, commit rows then MCP inventory rows; returns how many of
   * each were inserted.
   */
  int[] write(PendingBatch batch) {
    return new int[] {write(UsageRows.TABLE.name(), UsageRows.INSERT, batch.usage),
        write(BreachRows.TABLE.name(), BreachRows.INSERT, batch.breaches),
        write(CommitRows.TABLE.name(), CommitRows.INSERT, batch.commits),
        write(McpInventoryRows.TABLE.name(), McpInventoryRows.INSERT, batch.inventory)};
  }

  /** Inserts the rows of {@code rows} into {@code table}; returns how many were inserted (the rest were rejected). */
  int write(String table, String insertSql, TableRows rows) {
    return write(table, insertSql, rows.bytes(), rows.rows());
  }

  /** Inserts {@code rows} (byte ranges of {@code buffer}) into {@code table}; returns how many were inserted. */
  private int write(String table, String insertSql, byte[] buffer, List<PendingRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    Attempt attempt = new Attempt(table, insertSql, buffer, rows);
    try {
      retrier.run("insert " + rows.size() + " rows (" + insertSql.substring(0, insertSql.indexOf('(')).strip() + ")", attempt::send);
      return rows.size();
    } catch (ClickHouseException.BadData e) {
      List<PendingRow> refused = attempt.withoutRowsInTheLedger();
      int earlier = rows.size() - refused.size();
      if (refused.isEmpty()) {
        return earlier;
      }
      if (refused.size() == 1) {
        PendingRow row = refused.get(0);
        router.reject(row.source(), RejectReason.UNWRITABLE, "ClickHouse refused the row: " + e.getMessage(), row.eventId(), null);
        return earlier;
      }
      int half = refused.size() / 2;
      return earlier + write(table, insertSql, buffer, refused.subList(0, half))
          + write(table, insertSql, buffer, refused.subList(half, refused.size()));
    }
  }

  /**
   * One insert and its retries. A transient failure of an insert (a read timeout, a cut connection, a
   * server error after the data arrived) leaves its outcome unknown: the server may have committed all
   * of it, or — for an insert spanning several months, one part per partition — some of it. Before
   * sending again the insert ledger is asked which of the rows are in the table, and only the others are
   * sent, so a retry never adds a batch to the rollups twice.
   */
  private final class Attempt {
    private final String table;
    private final String insertSql;
    private final byte[] buffer;
    private List<PendingRow> remaining;
    private Body body;
    private boolean outcomeUnknown;
    private String queryId;

    Attempt(String table, String insertSql, byte[] buffer, List<PendingRow> rows) {
      this.table = table;
      this.insertSql = insertSql;
      this.buffer = buffer;
      this.remaining = rows;
    }

    void send() {
      if (outcomeUnknown) {
        client.awaitEnd(queryId);
        withoutRowsInTheLedger();
        outcomeUnknown = false;
        if (remaining.isEmpty()) {
          return;
        }
      }
      if (body == null) {
        body = Body.of(buffer, remaining);
      }
      queryId = "tokenledger-sink-" + UUID.randomUUID();
      try {
        client.insert(insertSql, body.bytes(), body.offset(), body.length(), queryId);
      } catch (ClickHouseException.Unavailable e) {
        outcomeUnknown = true;
        throw e;
      }
    }

    /** Drops the rows the insert ledger shows in the table from {@link #remaining}; returns what is left. */
    List<PendingRow> withoutRowsInTheLedger() {
      Set<InsertLedger.Position> present = InsertLedger.present(client, table, remaining);
      List<PendingRow> left = remaining.stream().filter(r -> !present.contains(InsertLedger.Position.of(r.source()))).toList();
      if (left.size() != remaining.size()) {
        LOG.warn("insert into {}: {} rows of the failed attempt are already in the table; {} left", table,
            remaining.size() - left.size(), left.size());
        remaining = left;
        body = null;
      }
      return remaining;
    }
  }

  /**
   * The request body of some rows: a slice of the batch buffer when the rows are back to back (a whole
   * batch, or a half of one), else a copy of their ranges (rows left after a ledger check).
   */
  private record Body(byte[] bytes, int offset, int length) {
    static Body of(byte[] buffer, List<PendingRow> rows) {
      int start = rows.get(0).start();
      int end = start;
      boolean contiguous = true;
      for (PendingRow r : rows) {
        if (r.start() != end) {
          contiguous = false;
        }
        end = r.start() + r.length();
      }
      if (contiguous) {
        return new Body(buffer, start, end - start);
      }
      int size = 0;
      for (PendingRow r : rows) {
        size += r.length();
      }
      byte[] copy = new byte[size];
      int at = 0;
      for (PendingRow r : rows) {
        System.arraycopy(buffer, r.start(), copy, at, r.length());
        at += r.length();
      }
      return new Body(copy, 0, size);
    }
  }
}
