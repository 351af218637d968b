package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.Hashes;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.otlp.OtlpRequests;
import dev.tokenledger.agent.spool.DedupIndex;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.UsageEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpLogsHandlerTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  Spool spool;
  EventJournal journal;
  IntakeServer server;
  IntakeToken token;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    spool = Spool.open(dir.resolve("spool"), 1 << 30);
    journal = new EventJournal(spool, DedupIndex.open(dir, spool), Clock.systemUTC());
    MachineIdentity id = new MachineIdentity("acme", "ada@box", Optional.empty(), "box", Optional.of("payments"),
        Optional.empty());
    token = IntakeToken.loadOrCreate(dir);
    server = IntakeServer.start(0, token, journal, new Attributor(id, new GitRepositoryReader(), Hashes.forOrg("acme"),
        false, Duration.ofHours(1), Clock.systemUTC(), "t"), new UsageValidator(UsageLimits.DEFAULTS, Clock.systemUTC()),
        Set.of("claude_code"), () -> { });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    journal.close();
  }

  HttpRequest.Builder request(String type) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.OTLP_LOGS_PATH))
        .header("Authorization", "Bearer " + token.value()).header("Content-Type", type);
  }

  HttpResponse<byte[]> send(HttpRequest.Builder r, byte[] body) throws Exception {
    return http.send(r.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  List<UsageEvent> spooled() throws Exception {
    List<UsageEvent> out = new ArrayList<>();
    org.apache.avro.specific.SpecificDatumReader<UsageEvent> reader = new org.apache.avro.specific.SpecificDatumReader<>(
        UsageEvent.class);
    List<SpoolRecord> records = new ArrayList<>();
    spool.forEachPending(records::add);
    for (SpoolRecord r : records) {
      out.add(reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(r.payload(), null)));
    }
    return out;
  }

  @Test
  void aJsonExportBecomesOneEventWithTheTelemetryFillingTheEmail() throws Exception {
    HttpResponse<byte[]> r = send(request("application/json"), OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).has("partialSuccess")).isFalse();
    List<UsageEvent> events = spooled();
    assertThat(events).hasSize(1);
    UsageEvent e = events.get(0);
    assertThat(e.getUserEmail()).isEqualTo("ada@example.com");
    assertThat(e.getTeam()).as("the configured team wins").isEqualTo("payments");
    assertThat(e.getOrgId()).isEqualTo("acme");
    assertThat(e.getCostCentre()).as("left open by the configuration").isEqualTo("eng-123");
    assertThat(e.getRequestId()).isEqualTo("req_011CY4TRkatjpLrxzHVkeupQ");
  }

  @Test
  void aGzipProtobufExportOfTheSameRequestIsTheSameEventAndAnsweredInProtobuf() throws Exception {
    send(request("application/json"), OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(OtlpRequests.claudeProtobuf());
    }
    HttpResponse<byte[]> r = send(request("application/x-protobuf").header("Content-Encoding", "gzip"), gz.toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
    assertThat(spooled()).hasSize(1);
  }

  @Test
  void refusedRecordsAreCountedInThePartialSuccessAndTheOthersKept() throws Exception {
    String body = OtlpRequests.claudeJson().replace("{\"key\": \"request_id\", \"value\": {\"stringValue\": \"req_011CY4TRkatjpLrxzHVkeupQ\"}},", "");
    String bad = body.replace("\"input_tokens\", \"value\": {\"intValue\": \"3\"}", "\"input_tokens\", \"value\": {\"intValue\": \"-3\"}");
    JsonNode twoRecords = JSON.readTree(body);
    JsonNode badRecord = JSON.readTree(bad).at("/resourceLogs/0/scopeLogs/0/logRecords/1");
    ((com.fasterxml.jackson.databind.node.ArrayNode) twoRecords.at("/resourceLogs/0/scopeLogs/0/logRecords")).add(badRecord);
    HttpResponse<byte[]> r = send(request("application/json"), JSON.writeValueAsBytes(twoRecords));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode partial = JSON.readTree(r.body()).get("partialSuccess");
    assertThat(partial.get("rejectedLogRecords").asText()).isEqualTo("1");
    assertThat(partial.get("errorMessage").asText()).contains("input_tokens").contains("negative");
    assertThat(spooled()).hasSize(1);
  }

  @Test
  void malformedBodiesGet400AndStoreNothing() throws Exception {
    HttpResponse<byte[]> r = send(request("application/json"), "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("not valid JSON");
    r = send(request("application/x-protobuf"), new byte[] {0x0a, 0x7f, 0x01});
    assertThat(r.statusCode()).isEqualTo(400);
    com.google.protobuf.CodedInputStream status = com.google.protobuf.CodedInputStream.newInstance(r.body());
    assertThat(status.readTag()).isEqualTo(1 << 3); // google.rpc.Status code
    assertThat(status.readInt32()).isEqualTo(3); // INVALID_ARGUMENT
    assertThat(status.readTag()).isEqualTo(2 << 3 | 2);
    assertThat(status.readString()).contains("protobuf");
    r = send(request("application/json").header("Content-Encoding", "gzip"), "not gzip".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(spooled()).isEmpty();
  }

  @Test
  void otherContentTypesEncodingsAndHugeBodiesAreRefused() throws Exception {
    assertThat(send(request("text/plain"), new byte[] {1}).statusCode()).isEqualTo(415);
    assertThat(send(request("application/json").header("Content-Encoding", "br"), new byte[] {1}).statusCode()).isEqualTo(415);
    assertThat(send(request("application/json"), new byte[OtlpLogsHandler.MAX_BODY + 1]).statusCode()).isEqualTo(413);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[OtlpLogsHandler.MAX_BODY + 10]); // a small gzip that inflates past the bound
    }
    assertThat(send(request("application/x-protobuf").header("Content-Encoding", "gzip"), gz.toByteArray()).statusCode())
        .isEqualTo(413);
    assertThat(spooled()).isEmpty();
  }

  @Test
  void withoutTheTokenNothingIsRead() throws Exception {
    HttpRequest.Builder noToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + IntakeServer.OTLP_LOGS_PATH)).header("Content-Type", "application/json");
    assertThat(send(noToken, OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(401);
    assertThat(send(request("application/json").header("Origin", "https://evil.example"),
        OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
    assertThat(spooled()).isEmpty();
  }
}
