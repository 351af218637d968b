package dev.tokenledger.agent.otlp;

import dev.tokenledger.agent.source.Fixtures;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** OTLP test requests: the documented Claude Code fixture as JSON text, and the same content as protobuf. */
public final class OtlpRequests {

  private OtlpRequests() {}

  public static String claudeJson() {
    try {
      return Files.readString(Fixtures.path("otlp/claude-code-api-request.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The records as a protobuf export request (one resource per distinct resource, one scope each). */
  public static ExportLogsServiceRequest protobuf(List<TelemetryRecord> records) {
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    for (TelemetryRecord r : records) {
      LogRecord.Builder lr = LogRecord.newBuilder().setTimeUnixNano(r.timeUnixNano())
          .setObservedTimeUnixNano(r.observedTimeUnixNano()).addAllAttributes(kvs(r.attributes()));
      if (r.body() != null) {
        lr.setBody(AnyValue.newBuilder().setStringValue(r.body()));
      }
      req.addResourceLogs(ResourceLogs.newBuilder().setResource(Resource.newBuilder().addAllAttributes(kvs(r.resource())))
          .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(lr)));
    }
    return req.build();
  }

  /** The documented fixture as protobuf. */
  public static byte[] claudeProtobuf() {
    try {
      return protobuf(OtlpLogsDecoder.json(claudeJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))).toByteArray();
    } catch (OtlpDecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<KeyValue> kvs(Map<String, Object> m) {
    return m.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
      AnyValue.Builder v = AnyValue.newBuilder();
      Object o = e.getValue();
      if (o instanceof Long l) {
        v.setIntValue(l);
      } else if (o instanceof Double d) {
        v.setDoubleValue(d);
      } else if (o instanceof Boolean b) {
        v.setBoolValue(b);
      } else {
        v.setStringValue(o.toString());
      }
      return KeyValue.newBuilder().setKey(e.getKey()).setValue(v).build();
    }).toList();
  }
}
