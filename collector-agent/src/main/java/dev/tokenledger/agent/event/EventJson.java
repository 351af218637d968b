package dev.tokenledger.agent.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
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

  /** One line of JSON (no trailing newline). */
  public static String toLine(SpecificRecord record) {
    try {
      return JSON.writeValueAsString(toNode(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
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
