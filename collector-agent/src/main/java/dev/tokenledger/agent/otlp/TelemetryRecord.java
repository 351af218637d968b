package dev.tokenledger.agent.otlp;

import java.util.Map;
import java.util.Objects;

/**
 * One OpenTelemetry log record as received, reduced to what usage mapping reads: the attributes of its
 * resource and of the record (scalar values only: {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}; arrays and maps are dropped), its times and a string body. Whether it arrived as
 * protobuf or JSON makes no difference from here on.
 *
 * @param resource the resource attributes (service.name, OTEL_RESOURCE_ATTRIBUTES keys …)
 * @param attributes the record's attributes (event.name, model, token counts, standard attributes …)
 * @param timeUnixNano the record's time, 0 when unset
 * @param observedTimeUnixNano when the SDK observed it, 0 when unset
 * @param body the body when it is a string (Claude Code puts the event name there), else null
 */
public record TelemetryRecord(Map<String, Object> resource, Map<String, Object> attributes, long timeUnixNano,
    long observedTimeUnixNano, String body) {

  public TelemetryRecord {
    resource = Map.copyOf(Objects.requireNonNull(resource, "resource"));
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /** The value of an attribute of the record, else of the resource, else null. */
  public Object get(String key) {
    Object v = attributes.get(key);
    return v != null ? v : resource.get(key);
  }
}
