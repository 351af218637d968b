package dev.tokenledger.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the parts of an {@link Answer} (assembled by {@link AnswerRenderer}) as JSON
 * ({@code {...meta, "rows": [...], "truncated": b, "next": c}}) or as CSV (RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break; a field starting with {@code = + - @} is prefixed with a quote so a spreadsheet never runs it
 * as a formula). Pagination travels in headers for CSV (see {@link ApiServer}).
 */
final class AnswerWriter {

  static final ObjectMapper JSON = new ObjectMapper();

  private AnswerWriter() {}

  /** The rows as a JSON array, streamed (no tree is built: a page may hold 10 000 of them). */
  static byte[] jsonRows(List<Column> columns, List<List<Object>> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rows.size() * 256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartArray();
      for (List<Object> values : rows) {
        g.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
          write(g, columns.get(i), values.get(i));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The rows as CSV with a header line. */
  static byte[] csv(List<Column> columns, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder(64 + rows.size() * 128);
    for (int i = 0; i < columns.size(); i++) {
      out.append(i == 0 ? "" : ",").append(field(columns.get(i).name()));
    }
    out.append("\r\n");
    for (List<Object> values : rows) {
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        out.append(i == 0 ? "" : ",").append(v == null ? "" : field(text(v)));
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(JsonGenerator g, Column c, Object v) throws IOException {
    if (v == null) {
      g.writeNullField(c.name());
      return;
    }
    switch (c.kind()) {
      case INTEGER -> g.writeNumberField(c.name(), ((Number) v).longValue());
      case BOOLEAN -> g.writeBooleanField(c.name(), (Boolean) v);
      case MONEY -> g.writeStringField(c.name(), ((BigDecimal) v).toPlainString());
      case TEXT, TIME -> g.writeStringField(c.name(), v.toString());
    }
  }

  private static String text(Object v) {
    return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
  }

  static String field(String s) {
    String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !isNumber(s) ? "'" + s : s;
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  private static boolean isNumber(String s) {
    return s.matches("-?\\d+(\\.\\d+)?");
  }
}
