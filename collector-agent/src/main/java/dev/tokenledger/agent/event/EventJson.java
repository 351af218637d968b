package dev.tokenledger.agent.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A record as one plain JSON object with the Avro field names: nulls as null, timestamps as ISO-8601
 * UTC text, decimals as plain numbers, enums by symbol, nested records as objects.
 */
public final class EventJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private EventJson() {}

  public static ObjectNode toNode(SpecificRecord record) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      put(node, f.name(), record.get(f.pos()));
    }
    return node;
  }

  /**
   * One line of JSON (no trailing newline): {@link #toNode} as text, written field by field with no
   * tree in between (a dry run renders every event: the tree was a third of the rendering cost).
   */
  public static String toLine(SpecificRecord record) {
    // a character writer, as the tree's writer: characters outside the BMP stay characters
    java.io.StringWriter text = new java.io.StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(text)) {
      write(g, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** {@link #toLine} as UTF-8. */
  public static byte[] toLineBytes(SpecificRecord record) {
    return toLine(record).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, SpecificRecord record) throws IOException {
    g.writeStartObject();
    for (Schema.Field f : record.getSchema().getFields()) {
      g.writeFieldName(f.name());
      value(g, record.get(f.pos()));
    }
    g.writeEndObject();
  }

  /** The same mapping as {@link #put}. */
  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof CharSequence s) {
      g.writeString(s.toString());
    } else if (v instanceof Instant t) {
      g.writeString(t.toString());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Enum<?> e) {
      g.writeString(e.name());
    } else if (v instanceof SpecificRecord r) {
      write(g, r);
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item);
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }

  private static void put(ObjectNode node, String name, Object v) {
    if (v == null) {
      node.putNull(name);
    } else if (v instanceof CharSequence s) {
      node.put(name, s.toString());
    } else if (v instanceof Instant t) {
      node.put(name, t.toString());
    } else if (v instanceof Long l) {
      node.put(name, l);
    } else if (v instanceof Integer i) {
      node.put(name, i);
    } else if (v instanceof Boolean b) {
      node.put(name, b);
    } else if (v instanceof BigDecimal d) {
      node.put(name, d);
    } else if (v instanceof Enum<?> e) {
      node.put(name, e.name());
    } else if (v instanceof SpecificRecord r) {
      node.set(name, toNode(r));
    } else if (v instanceof List<?> list) {
      ArrayNode a = node.putArray(name);
      for (Object item : list) {
        ObjectNode holder = JsonNodeFactory.instance.objectNode();
        put(holder, "v", item);
        a.add(holder.get("v"));
      }
    } else {
      node.put(name, v.toString());
    }
  }
}
