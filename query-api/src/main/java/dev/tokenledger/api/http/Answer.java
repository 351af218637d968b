package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an endpoint answers: a description of the question and its context ({@code meta}, JSON only),
 * a table of rows (JSON objects or CSV lines), and whether more rows follow ({@code nextCursor}).
 *
 * @param meta fields of the JSON answer besides {@code rows}, {@code truncated} and {@code next}
 * @param columns the table's columns, in CSV order
 * @param rows the table's values per row, in column order (null: absent)
 * @param nextCursor the cursor of the next page, or null when this is the last
 * @param document a whole JSON document answered as it is instead (no table), or null
 */
record Answer(ObjectNode meta, List<Column> columns, List<List<Object>> rows, String nextCursor, byte[] document) {

  Answer {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  Answer(ObjectNode meta, List<Column> columns, List<List<Object>> rows, String nextCursor) {
    this(meta, columns, rows, nextCursor, null);
  }

  /** An answer that is one JSON document, not a table. */
  static Answer document(byte[] json) {
    return new Answer(null, List.of(), List.of(), null, json);
  }

  boolean truncated() {
    return nextCursor != null;
  }
}
