package dev.tokenledger.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link Answer} as JSON ({@code {...meta, "rows": [...], "truncated": b, "next": c}}) or as
 * CSV (RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break; a field starting with {@code = + - @} is prefixed with a quote so a spreadsheet never runs it
 * as a formula). Pagination travels in headers for CSV (see {@link ApiServer}).
 */
final class AnswerWriter {

  static final ObjectMapper JSON = new ObjectMapper();

  private AnswerWriter() {}

  static byte[] json(Answer answer) {
    ObjectNode root = answer.meta().deepCopy();
    ArrayNode rows = root.putArray("rows");
    for (List<Object> values : answer.rows()) {
      ObjectNode row = rows.addObject();
      for (int i = 0; i < answer.columns().size(); i++) {
        put(row, answer.columns().get(i), values.get(i));
      }
    }
    root.put("truncated", answer.truncated());
    if (answer.truncated()) {
      root.put("next", answer.nextCursor());
    } else {
      root.putNull("next");
    }
    return bytes(root);
  }

  static byte[] csv(Answer answer) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < answer.columns().size(); i++) {
      out.append(i == 0 ? "" : ",").append(field(answer.columns().get(i).name()));
    }
    out.append("\r\n");
    for (List<Object> values : answer.rows()) {
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

  private static void put(ObjectNode row, Column c, Object v) {
    if (v == null) {
      row.putNull(c.name());
      return;
    }
    switch (c.kind()) {
      case INTEGER -> row.put(c.name(), ((Number) v).longValue());
      case BOOLEAN -> row.put(c.name(), (Boolean) v);
      case MONEY -> row.put(c.name(), ((BigDecimal) v).toPlainString());
      case TEXT, TIME -> row.put(c.name(), v.toString());
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
