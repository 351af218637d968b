package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an endpoint answers: a description of the question and its context ({@code meta}, JSON only),
 * a table of rows (JSON objects or CSV lines), and whether more rows follow ({@code nextCursor}).
 *
 * @param meta fields of the JSON answer besides {@code rows}, {@code truncated} and {@code next}
 * @param columns the table's columns, in CSV order
 * @param rows the table's values per row, in column order (null: absent); computed only when rendered
 * @param nextCursor the cursor of the next page, or null when this is the last
 * @param document a whole JSON document answered as it is instead (no table), or null
 * @param source the object the rows are made from, when it is shared between requests (a remembered
 *     page): its rendered rows are then reused too ({@link AnswerRenderer}); null otherwise
 */
record Answer(ObjectNode meta, List<Column> columns, Supplier<List<List<Object>>> rows, String nextCursor, byte[] document,
    Object source) {

  Answer {
    columns = List.copyOf(columns);
  }

  Answer(ObjectNode meta, List<Column> columns, List<List<Object>> rows, String nextCursor) {
    this(meta, columns, constant(rows), nextCursor, null, null);
  }

  /** An answer whose rows are rendered from {@code source}, possibly once for many requests. */
  static Answer of(ObjectNode meta, List<Column> columns, Object source, Supplier<List<List<Object>>> rows, String nextCursor) {
    return new Answer(meta, columns, rows, nextCursor, null, source);
  }

  /** An answer that is one JSON document, not a table. */
  static Answer document(byte[] json) {
    return new Answer(null, List.of(), constant(List.of()), null, json, null);
  }

  boolean truncated() {
    return nextCursor != null;
  }

  private static Supplier<List<List<Object>>> constant(List<List<Object>> rows) {
    List<List<Object>> copy = List.copyOf(rows);
    return () -> copy;
  }
}
