package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import java.util.List;

/** JSON rendering of spend answers. Costs are decimal strings so no client rounds them through a double. */
final class SpendJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SpendJson() {}

  static byte[] answer(SpendQuery query, List<SpendRow> rows) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode q = root.putObject("query");
    ArrayNode groupBy = q.putArray("group_by");
    query.groupBy().forEach(d -> groupBy.add(d.wireName()));
    q.put("granularity", query.granularity().name().toLowerCase(java.util.Locale.ROOT));
    q.put("from", query.from().toString());
    q.put("to", query.to().toString());
    q.put("time_zone", query.zone().getId());
    ObjectNode filters = q.putObject("filters");
    query.filters().forEach((d, v) -> v.forEach(filters.putArray(d.wireName())::add));
    ArrayNode out = root.putArray("rows");
    for (SpendRow r : rows) {
      ObjectNode row = out.addObject();
      if (r.period() != null) {
        row.put("period", r.period().toString());
      }
      for (Dimension d : query.groupBy()) {
        row.put(d.wireName(), r.keys().get(d));
      }
      row.put("requests", r.requests());
      if (r.sessions() != null) {
        row.put("sessions", r.sessions());
      }
      for (TokenClass t : TokenClass.values()) {
        row.put(t.wireName(), r.tokens(t));
      }
      row.put("cost_usd", r.costUsd().toPlainString());
    }
    return bytes(root);
  }

  static byte[] error(String message) {
    return bytes(JSON.createObjectNode().put("error", message));
  }

  static byte[] object(ObjectNode node) {
    return bytes(node);
  }

  static ObjectNode node() {
    return JSON.createObjectNode();
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
