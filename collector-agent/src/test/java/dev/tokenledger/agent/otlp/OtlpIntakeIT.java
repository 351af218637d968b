package dev.tokenledger.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.agent.intake.IntakeServer;
import dev.tokenledger.agent.intake.IntakeToken;
import dev.tokenledger.agent.source.Fixtures;
import dev.tokenledger.agent.testing.TopicContents;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP/HTTP logs intake of a real {@code run} (a separate JVM with the real Claude Code source) against
 * the shared stack: the documented Claude Code export as JSON and as gzip-free protobuf becomes one event;
 * the same request read from the Claude Code transcript after its telemetry is not published a second
 * time, while telemetry arriving after the transcript's copy is published as the better copy (the stream
 * processor revises the transcript's event with it, ADR 0145); malformed bodies get 400 and lose nothing that came before or after. Exactly the
 * expected event ids reach the topic, once each. Unique topic prefix.
 */
class OtlpIntakeIT {

  static final String TWIN_REQUEST = "req_011CY4TRkatjpLrxzHVkeupQ";
  static final String SESSION = "7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b";

  @TempDir
  Path tmp;

  final String prefix = StackEnv.unique("otlpit") + ".";
  final String topic = Topics.withPrefix(prefix).usageEvents();
  final HttpClient http = HttpClient.newHttpClient();
  Process agent;
  int port;
  String token;
  Path projects;

  @AfterEach
  void stop() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroy();
      if (!agent.waitFor(20, TimeUnit.SECONDS)) {
        agent.destroyForcibly().waitFor();
      }
    }
    Path id = tmp.resolve("state/agent.id");
    List<String> groups = Files.isRegularFile(id) ? List.of("tokenledger-agent-" + Files.readString(id).trim()) : List.of();
    TopicContents.cleanUp(StackEnv.bootstrapServers(), List.of(topic), groups);
  }

  private int opsPort;

  void startAgent() throws Exception {
    TopicContents.createTopic(StackEnv.bootstrapServers(), topic);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket o = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
      opsPort = o.getLocalPort();
    }
    Path home = Files.createDirectories(tmp.resolve("home"));
    projects = Files.createDirectories(tmp.resolve("claude/projects/-home-ada-src-demo"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        AgentMain.class.getName(), "run", "--ops-port", String.valueOf(opsPort)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.remove("XDG_CONFIG_HOME");
    env.remove("CODEX_HOME");
    env.remove("GEMINI_CLI_HOME");
    env.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers());
    env.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    env.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    env.put("TOKENLEDGER_AGENT_INTAKE_PORT", String.valueOf(port));
    env.put("TOKENLEDGER_AGENT_SCAN_INTERVAL", "PT1S");
    Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("otlp-agent.log");
    Files.deleteIfExists(log);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    agent = pb.start();
    Path tokenFile = tmp.resolve("state").resolve(IntakeToken.FILE);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(tokenFile) && health() == 200);
    token = Files.readString(tokenFile).trim();
  }

  int health() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  int post(String type, byte[] body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IntakeServer.OTLP_LOGS_PATH))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The fixture's api_request with another request id, token count and time. */
  static String otherRequest(String requestId, int output, String time) {
    return OtlpRequests.claudeJson().replace(TWIN_REQUEST, requestId)
        .replace("\"output_tokens\", \"value\": {\"intValue\": \"299\"}", "\"output_tokens\", \"value\": {\"intValue\": \"" + output + "\"}")
        .replace("2025-12-07T12:00:03.480Z", time);
  }

  static byte[] protobuf(String json) throws Exception {
    return OtlpRequests.protobuf(OtlpLogsDecoder.json(json.getBytes(StandardCharsets.UTF_8))).toByteArray();
  }

  static String id(String key) {
    return EventIds.of(SourceTool.CLAUDE_CODE, key);
  }

  @Test
  void telemetryAndTranscriptOfTheSameRequestsArePublishedOnceAndBadBodiesLoseNothing() throws Exception {
    startAgent();
    // 1. telemetry first (JSON), then the transcript holding the same request and one more
    assertThat(post("application/json", OtlpRequests.claudeJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
    Path transcript = Files.copy(Fixtures.path("otlp/claude-code-twin-session.jsonl"), projects.resolve(SESSION + ".jsonl"));
    // a finished session: the agent takes a file's last response once the file has been quiet for 5 minutes
    Files.setLastModifiedTime(transcript, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));
    // 2. the same export again, as protobuf: the same event id
    assertThat(post("application/x-protobuf", OtlpRequests.claudeProtobuf())).isEqualTo(200);
    // 3. malformed bodies between good ones
    assertThat(post("application/json", "{\"resourceLogs\":[{".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
    assertThat(post("application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01})).isEqualTo(400);
    assertThat(post("application/x-protobuf", protobuf(otherRequest("req_telemetryOnly01", 77,
        "2025-12-07T12:05:00.000Z")))).isEqualTo(200);
    // 4. the transcript first: wait until its request is published, then its telemetry arrives
    String logOnlyId = id("claude-code|msg|msg_01OtlpLogOnlyBBBBBBBBBBBB");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> ids().contains(logOnlyId));
    assertThat(post("application/json", otherRequest("req_011CY4TRlogOnlyRequest01", 40, "2025-12-07T12:01:02.000Z")
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
    // 5. a last telemetry request: once it is in the topic, everything spooled before it is too
    String sentinel = id("claude-code|otel|req|req_sentinel");
    assertThat(post("application/json", otherRequest("req_sentinel", 1, "2025-12-07T12:30:00.000Z")
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> ids().contains(sentinel));

    List<TopicContents.Entry> entries = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
    assertThat(entries.stream().map(TopicContents.Entry::key).toList()).containsExactlyInAnyOrder(
        id("claude-code|otel|req|" + TWIN_REQUEST), logOnlyId, id("claude-code|otel|req|req_011CY4TRlogOnlyRequest01"),
        id("claude-code|otel|req|req_telemetryOnly01"), sentinel);
    Map<String, UsageEvent> byId = entries.stream().collect(Collectors.toMap(TopicContents.Entry::key,
        TopicContents.Entry::event));
    UsageEvent twin = byId.get(id("claude-code|otel|req|" + TWIN_REQUEST));
    assertThat(twin.getTokens().getOutput()).isEqualTo(299);
    assertThat(twin.getTokens().getCacheRead()).isEqualTo(29509);
    assertThat(twin.getRequestId()).isEqualTo(TWIN_REQUEST);
    assertThat(twin.getUserEmail()).isEqualTo("ada@example.com");
    assertThat(byId.get(logOnlyId).getMessageId()).isEqualTo("msg_01OtlpLogOnlyBBBBBBBBBBBB");
    assertThat(byId.get(logOnlyId).getCountsOrigin()).isEqualTo(dev.tokenledger.events.CountsOrigin.LOG_FILE);
    assertThat(twin.getCountsOrigin()).isEqualTo(dev.tokenledger.events.CountsOrigin.TELEMETRY);

    // the operator's view of the same run: everything published, nothing waiting, intake counted, ready
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("tokenledger_agent_spool_depth{role=\"agent\"} 0.0")
          .contains("tokenledger_agent_published_total{role=\"agent\"} " + entries.size() + ".0")
          .contains("tokenledger_agent_publisher_connected{role=\"agent\"} 1.0")
          .containsPattern("tokenledger_agent_intake_events_total\\{role=\"agent\"\\} [1-9]");
    });
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + opsPort + "/health/ready"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  java.util.Set<String> ids() {
    return TopicContents.keys(TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic));
  }
}
