package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders answers to bytes, reusing the rendered rows of an answer made from a shared source (a page
 * the answer cache handed to many requests), so a popular 10 000-row page is turned into JSON or CSV
 * once, not once per request. The frame around the rows (query id, question, pagination) is rendered
 * per request. Remembered renderings are bounded by their total size; the oldest make room.
 */
final class AnswerRenderer {

  private record Key(Object source, List<Column> columns, boolean csv) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.source == source && k.csv == csv && k.columns.equals(columns);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(source) * 31 + columns.hashCode() + (csv ? 1 : 0);
    }
  }

  private final long maxBytes;
  private final Map<Key, byte[]> rendered = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  AnswerRenderer(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  byte[] json(Answer answer) {
    byte[] rows = rows(answer, false);
    byte[] head = AnswerWriter.bytes(answer.meta());
    ObjectNode tail = AnswerWriter.JSON.createObjectNode();
    tail.put("truncated", answer.truncated());
    if (answer.truncated()) {
      tail.put("next", answer.nextCursor());
    } else {
      tail.putNull("next");
    }
    byte[] end = AnswerWriter.bytes(tail);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + rows.length + end.length + 16);
    out.write(head, 0, head.length - 1);                       // {"query_id":...   (without the closing brace)
    out.writeBytes((head.length > 2 ? "," : "").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("\"rows\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(rows);
    out.write(',');
    out.write(end, 1, end.length - 1);                         // "truncated":...}  (without the opening brace)
    return out.toByteArray();
  }

  byte[] csv(Answer answer) {
    return rows(answer, true);
  }

  private byte[] rows(Answer answer, boolean csv) {
    if (answer.source() == null) {
      return render(answer, csv);
    }
    Key key = new Key(answer.source(), answer.columns(), csv);
    synchronized (rendered) {
      byte[] known = rendered.get(key);
      if (known != null) {
        return known;
      }
    }
    byte[] fresh = render(answer, csv);
    synchronized (rendered) {
      if (fresh.length <= maxBytes / 2 && rendered.put(key, fresh) == null) {
        bytes += fresh.length;
        var it = rendered.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
          bytes -= it.next().getValue().length;
          it.remove();
        }
      }
    }
    return fresh;
  }

  private static byte[] render(Answer answer, boolean csv) {
    return csv ? AnswerWriter.csv(answer.columns(), answer.rows().get()) : AnswerWriter.jsonRows(answer.columns(), answer.rows().get());
  }
}
