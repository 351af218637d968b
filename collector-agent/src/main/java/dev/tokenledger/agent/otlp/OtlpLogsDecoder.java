package dev.tokenledger.agent.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP/HTTP logs export ({@code ExportLogsServiceRequest}) into {@link TelemetryRecord}s,
 * from protobuf (the generated OpenTelemetry proto classes) or from the OTLP JSON mapping (lowerCamelCase
 * field names, 64-bit integers as strings or numbers, enums as integers; unknown fields ignored, as the
 * OTLP specification asks). Anything that is not such a request is an {@link OtlpDecodeException}; the
 * whole request is refused then (400), never half-read.
 */
public final class OtlpLogsDecoder {

  /** Deepest JSON nesting accepted (an export nests about 8 levels; kvlist values go deeper). */
  static final int MAX_DEPTH = 64;

  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .build();

  private OtlpLogsDecoder() {}

  /** Decodes a binary protobuf body. */
  public static List<TelemetryRecord> protobuf(byte[] body) throws OtlpDecodeException {
    ExportLogsServiceRequest request;
    try {
      request = ExportLogsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new OtlpDecodeException("body is not a protobuf ExportLogsServiceRequest: " + e.getMessage());
    }
    List<TelemetryRecord> out = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(rl.getResource().getAttributesList());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          String body2 = r.hasBody() && r.getBody().getValueCase() == AnyValue.ValueCase.STRING_VALUE
              ? r.getBody().getStringValue() : null;
          out.add(new TelemetryRecord(resource, attributes(r.getAttributesList()), r.getTimeUnixNano(),
              r.getObservedTimeUnixNano(), body2));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> m = new HashMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      Object value = switch (v.getValueCase()) {
        case STRING_VALUE -> v.getStringValue();
        case INT_VALUE -> v.getIntValue();
        case DOUBLE_VALUE -> v.getDoubleValue();
        case BOOL_VALUE -> v.getBoolValue();
        default -> null;
      };
      if (value != null && !kv.getKey().isEmpty()) {
        m.put(kv.getKey(), value);
      }
    }
    return m;
  }

  /** Decodes a body in the OTLP JSON mapping (UTF-8). */
  public static List<TelemetryRecord> json(byte[] body) throws OtlpDecodeException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new OtlpDecodeException("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new OtlpDecodeException("body is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new OtlpDecodeException("body must be a JSON object (an OTLP ExportLogsServiceRequest)");
    }
    List<TelemetryRecord> out = new ArrayList<>();
    for (JsonNode rl : array(root, "resourceLogs", "resourceLogs")) {
      object(rl, "resourceLogs[]");
      JsonNode res = rl.get("resource");
      Map<String, Object> resource = res == null || res.isNull() ? Map.of()
          : attributes(array(object(res, "resource"), "attributes", "resource.attributes"), "resource.attributes");
      for (JsonNode sl : array(rl, "scopeLogs", "scopeLogs")) {
        object(sl, "scopeLogs[]");
        for (JsonNode r : array(sl, "logRecords", "logRecords")) {
          object(r, "logRecords[]");
          JsonNode b = r.get("body");
          String text = b != null && b.isObject() && b.get("stringValue") != null && b.get("stringValue").isTextual()
              ? b.get("stringValue").asText() : null;
          out.add(new TelemetryRecord(resource, attributes(array(r, "attributes", "logRecords[].attributes"),
              "logRecords[].attributes"), fixed64(r.get("timeUnixNano"), "timeUnixNano"),
              fixed64(r.get("observedTimeUnixNano"), "observedTimeUnixNano"), text));
        }
      }
    }
    return out;
  }

  private static JsonNode object(JsonNode n, String where) throws OtlpDecodeException {
    if (!n.isObject()) {
      throw new OtlpDecodeException(where + " must be an object");
    }
    return n;
  }

  private static Iterable<JsonNode> array(JsonNode parent, String field, String where) throws OtlpDecodeException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new OtlpDecodeException(where + " must be an array");
    }
    return n;
  }

  private static Map<String, Object> attributes(Iterable<JsonNode> kvs, String where) throws OtlpDecodeException {
    Map<String, Object> m = new HashMap<>();
    for (JsonNode kv : kvs) {
      object(kv, where + "[]");
      JsonNode key = kv.get("key");
      if (key == null || !key.isTextual()) {
        throw new OtlpDecodeException(where + "[].key must be a string");
      }
      JsonNode v = kv.get("value");
      Object value = v == null || v.isNull() ? null : anyValue(object(v, where + "[" + key.asText() + "].value"),
          where + "[" + key.asText() + "]");
      if (value != null && !key.asText().isEmpty()) {
        m.put(key.asText(), value);
      }
    }
    return m;
  }

  private static Object anyValue(JsonNode v, String where) throws OtlpDecodeException {
    if (v.has("stringValue")) {
      JsonNode s = v.get("stringValue");
      if (!s.isTextual()) {
        throw new OtlpDecodeException(where + ".stringValue must be a string");
      }
      return s.asText();
    }
    if (v.has("intValue")) {
      return int64(v.get("intValue"), where + ".intValue");
    }
    if (v.has("doubleValue")) {
      JsonNode d = v.get("doubleValue");
      if (d.isNumber()) {
        return d.asDouble();
      }
      if (d.isTextual()) { // the JSON mapping allows "NaN", "Infinity" and numbers as strings
        try {
          return Double.parseDouble(d.asText());
        } catch (NumberFormatException e) {
          // fall through
        }
      }
      throw new OtlpDecodeException(where + ".doubleValue must be a number");
    }
    if (v.has("boolValue")) {
      JsonNode b = v.get("boolValue");
      if (!b.isBoolean()) {
        throw new OtlpDecodeException(where + ".boolValue must be true or false");
      }
      return b.asBoolean();
    }
    return null; // arrayValue, kvlistValue, bytesValue: not read
  }

  private static long int64(JsonNode n, String where) throws OtlpDecodeException {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new OtlpDecodeException(where + " must be a 64-bit integer (a JSON number or a decimal string)");
  }

  /** A fixed64 nanosecond time: unsigned, as a string or a number; absent = 0. */
  private static long fixed64(JsonNode n, String where) throws OtlpDecodeException {
    if (n == null || n.isNull()) {
      return 0;
    }
    if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseUnsignedLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new OtlpDecodeException(where + " must be an unsigned 64-bit integer of nanoseconds (string or number)");
  }
}
