package dev.tokenledger.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpLogsDecoderTest {

  static List<TelemetryRecord> json(String s) throws OtlpDecodeException {
    return OtlpLogsDecoder.json(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDocumentedClaudeExportDecodesWithResourceAndRecordAttributes() throws Exception {
    List<TelemetryRecord> records = json(OtlpRequests.claudeJson());
    assertThat(records).hasSize(3);
    TelemetryRecord api = records.get(1);
    assertThat(api.body()).isEqualTo("claude_code.api_request");
    assertThat(api.attributes()).containsEntry("input_tokens", 3L).containsEntry("cost_usd", 0.0546885)
        .containsEntry("request_id", "req_011CY4TRkatjpLrxzHVkeupQ");
    assertThat(api.get("team.id")).isEqualTo("platform"); // from the resource
    assertThat(api.timeUnixNano()).isEqualTo(1765108803480000000L);
    assertThat(records.get(2).attributes()).containsEntry("duration_ms", 12L); // int64 as a JSON number
  }

  @Test
  void protobufAndJsonOfTheSameExportDecodeAlike() throws Exception {
    List<TelemetryRecord> fromJson = json(OtlpRequests.claudeJson());
    assertThat(OtlpLogsDecoder.protobuf(OtlpRequests.claudeProtobuf())).isEqualTo(fromJson);
  }

  @Test
  void anEmptyExportHasNoRecords() throws Exception {
    assertThat(json("{}")).isEmpty();
    assertThat(json("{\"resourceLogs\":[]}")).isEmpty();
    assertThat(OtlpLogsDecoder.protobuf(new byte[0])).isEmpty();
  }

  @Test
  void malformedBodiesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> json("{\"resourceLogs\":")).isInstanceOf(OtlpDecodeException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> json("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> json("{\"resourceLogs\":{}}")).hasMessageContaining("resourceLogs must be an array");
    assertThatThrownBy(() -> json("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"soon\"}]}]}]}"))
        .hasMessageContaining("timeUnixNano");
    assertThatThrownBy(() -> json("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":"
        + "[{\"key\":\"input_tokens\",\"value\":{\"intValue\":\"1.5\"}}]}]}]}]}")).hasMessageContaining("intValue");
    assertThatThrownBy(() -> OtlpLogsDecoder.protobuf(new byte[] {0x0a, 0x7f, 0x01}))
        .isInstanceOf(OtlpDecodeException.class).hasMessageContaining("protobuf");
  }
}
