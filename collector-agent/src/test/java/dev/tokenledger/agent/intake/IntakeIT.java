package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.runtime.StatusFile;
import dev.tokenledger.agent.testing.AgentProcess;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.agent.testing.TopicContents;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake of a real {@code run} (a separate JVM) against the shared stack: every bad body gets a 400
 * (413 above the size limit) naming its problems and nothing of it reaches the topic; the good reports
 * sent between them are published, once each; a request without the token, from a web page or not
 * in JSON is refused before anything is read. Unique topic prefix.
 */
class IntakeIT {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  final String prefix = StackEnv.unique("intakeit") + ".";
  final String topic = Topics.withPrefix(prefix).usageEvents();
  final HttpClient http = HttpClient.newHttpClient();
  Process agent;
  int port;
  String token;

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

  void startAgent() throws Exception {
    TopicContents.createTopic(StackEnv.bootstrapServers(), topic);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put(TestLogSource.ROOT_VARIABLE, Files.createDirectories(tmp.resolve("logs")).toString());
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers());
    env.put("TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl());
    env.put("TOKENLEDGER_TOPIC_PREFIX", prefix);
    env.put("TOKENLEDGER_AGENT_INTAKE_PORT", String.valueOf(port));
    env.put("TOKENLEDGER_AGENT_SCAN_INTERVAL", "PT1S");
    Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("intake-agent.log");
    Files.deleteIfExists(log);
    agent = AgentProcess.start(env, log, "run");
    Path tokenFile = tmp.resolve("state").resolve(IntakeToken.FILE);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(tokenFile) && health() == 200);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
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

  HttpRequest.Builder request() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IntakeServer.USAGE_PATH))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
  }

  HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(request().POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String good(String requestId) {
    return "{\"agent\":\"ATLAS\",\"model\":\"claude-sonnet-4-5\",\"inputTokens\":1200,\"outputTokens\":300,"
        + "\"costUsd\":0.0123,\"requestId\":\"" + requestId + "\",\"timestamp\":\"" + Instant.now().minusSeconds(30) + "\"}";
  }

  @Test
  void badBodiesGet400WithTheirProblemsAndOnlyTheGoodReportsArePublished() throws Exception {
    startAgent();
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("absurd exponent", utf8("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":1e-999999999}"));
    bad.put("absurd exponent as text", utf8("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":\"1e-999999999\"}"));
    bad.put("forged count", utf8("{\"model\":\"m\",\"inputTokens\":1000000000000,\"outputTokens\":1}"));
    bad.put("wrong types", utf8("{\"model\":7,\"inputTokens\":\"12\",\"outputTokens\":1.5,\"cacheReadTokens\":-50}"));
    bad.put("cost", utf8("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":0.0000000001}"));
    bad.put("future", utf8("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"timestamp\":\""
        + Instant.now().plus(Duration.ofHours(2)) + "\"}"));
    bad.put("duplicate key", utf8("{\"model\":\"m\",\"inputTokens\":1,\"inputTokens\":9000000,\"outputTokens\":1}"));
    bad.put("deep", utf8("{\"notes\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
    bad.put("not utf-8", new byte[] {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', (byte) 0xC3, '"', '}'});
    bad.put("not json", utf8("model=m&inputTokens=1"));
    bad.put("remote as cwd", utf8("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,"
        + "\"workingDirectory\":\"https://me:TOKEN@github.com/o/r\"}"));
    Set<String> published = new HashSet<>();
    List<String> answers = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      HttpResponse<String> r = post(b.getValue());
      assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("problems").isArray() && body.path("problems").size() > 0).as(b.getKey()).isTrue();
      answers.add(b.getKey() + ": " + body.path("problems"));
      // a good report between the bad ones is taken
      HttpResponse<String> ok = post(utf8(good("req-" + i++)));
      assertThat(ok.statusCode()).as("good after " + b.getKey()).isEqualTo(202);
      published.add(JSON.readTree(ok.body()).path("eventId").asText());
    }
    assertThat(answers.get(3)).contains("'model' must be a string").contains("'inputTokens' must be a number, not a string")
        .contains("'outputTokens' must be a whole number, was 1.5").contains("'cacheReadTokens' must not be negative");
    HttpResponse<String> huge = post(utf8("{\"notes\":\"" + "x".repeat(2 << 20) + "\"}"));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(huge.body()).path("error").asText()).contains("larger than");
    assertThat(JSON.readTree(post(utf8(good("req-0"))).body()).path("duplicate").asBoolean()).as("a retried report").isTrue();

    await().atMost(Duration.ofSeconds(60)).until(() -> StatusFile.read(tmp.resolve("state")).path("spool").path("depth")
        .asLong(-1) == 0 && StatusFile.read(tmp.resolve("state")).path("spool").path("ackedSeq").asLong() == published.size());
    List<TopicContents.Entry> records = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
    assertThat(TopicContents.keys(records)).isEqualTo(published);
    assertThat(records).hasSize(published.size());
    assertThat(records).allSatisfy(e -> {
      assertThat(e.event().getTokens().getInput()).isEqualTo(1200);
      assertThat(e.event().getReportedCostUsd()).isEqualByComparingTo("0.0123");
    });
  }

  @Test
  void withoutTheTokenFromAWebPageOrNotJsonNothingIsTaken() throws Exception {
    startAgent();
    byte[] body = utf8(good("req-x"));
    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IntakeServer.USAGE_PATH))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = http.send(request().setHeader("Authorization", "Bearer nope")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> fromPage = http.send(request().header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(fromPage.statusCode()).isEqualTo(403);
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IntakeServer.USAGE_PATH))
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> textPlain = http.send(request().setHeader("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(textPlain.statusCode()).isEqualTo(415);
    assertThat(List.of(noToken, wrong, fromPage, preflight, textPlain))
        .allSatisfy(r -> assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank());

    // the same report with the token is published: the refusals above stored nothing
    HttpResponse<String> ok = http.send(request().POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(ok.body()).path("duplicate").asBoolean()).isFalse();
    String id = JSON.readTree(ok.body()).path("eventId").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> StatusFile.read(tmp.resolve("state")).path("spool").path("ackedSeq")
        .asLong() == 1);
    assertThat(TopicContents.keys(TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic)))
        .containsExactly(id);
    assertThat(StatusFile.read(tmp.resolve("state")).path("intake").path("events").asLong()).isEqualTo(1);
  }
}
