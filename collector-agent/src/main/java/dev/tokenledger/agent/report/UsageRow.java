package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a {@code /v1/spend} answer: its UTC hour (granularity=hour, else null), its group-by values,
 * its usage, the instants of its first and last request (times=true, else null) and its session count
 * (sessions=true, else null).
 */
public record UsageRow(Instant hour, Map<String, String> keys, Usage usage, Instant first, Instant last, Long sessions) {

  public UsageRow {
    keys = Map.copyOf(keys);
  }

  public String key(String dimension) {
    return keys.getOrDefault(dimension, "");
  }

  static UsageRow of(JsonNode row, List<String> groupBy) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String d : groupBy) {
      keys.put(d, row.path(d).asText(""));
    }
    return new UsageRow(
        row.hasNonNull("period") && row.get("period").asText().contains("T") ? Instant.parse(row.get("period").asText()) : null,
        keys, Usage.of(row),
        row.hasNonNull("first_request") ? Instant.parse(row.get("first_request").asText()) : null,
        row.hasNonNull("last_request") ? Instant.parse(row.get("last_request").asText()) : null,
        row.hasNonNull("sessions") ? row.get("sessions").asLong() : null);
  }
}
