package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.spool.DedupIndex;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeServerTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  EventJournal journal;
  IntakeServer server;
  IntakeToken token;
  final AtomicInteger events = new AtomicInteger();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Spool spool = Spool.open(dir.resolve("spool"), 1 << 30);
    journal = new EventJournal(spool, DedupIndex.open(dir, spool), Clock.systemUTC());
    MachineIdentity id = new MachineIdentity("default", "bob@box", Optional.empty(), "box", Optional.empty(), Optional.empty());
    token = IntakeToken.loadOrCreate(dir);
    server = IntakeServer.start(0, token, journal, new Attributor(id, new GitRepositoryReader(), dev.tokenledger.agent.attribution.Hashes.forOrg("default"), false, Duration.ofHours(1),
        Clock.systemUTC(), "t"), new UsageValidator(UsageLimits.DEFAULTS, Clock.systemUTC()), events::incrementAndGet);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    journal.close();
  }

  HttpResponse<String> post(String body) throws Exception {
    return send(request().POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A request as a local script sends it: the token and a JSON content type. */
  HttpRequest.Builder request() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.USAGE_PATH))
        .header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json");
  }

  HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static final String GOOD = "{\"model\":\"claude-sonnet-4-5\",\"inputTokens\":10,\"outputTokens\":5}";

  @Test
  void aValidReportIsDurableInTheSpoolBeforeTheAnswer() throws Exception {
    HttpResponse<String> r = post("{\"agent\":\"ATLAS\",\"model\":\"claude-sonnet-4-5\",\"inputTokens\":10,"
        + "\"outputTokens\":5,\"requestId\":\"req-7\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("duplicate").asBoolean()).isFalse();
    assertThat(journal.spool().depth()).isEqualTo(1);
    assertThat(journal.spool().read(0, 1, 0).get(0).eventId().toString()).isEqualTo(body.path("eventId").asText());
    assertThat(events).hasValue(1);
    HttpResponse<String> again = post("{\"model\":\"claude-sonnet-4-5\",\"inputTokens\":10,\"outputTokens\":5,"
        + "\"requestId\":\"req-7\"}");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
    assertThat(JSON.readTree(again.body()).path("eventId").asText()).isEqualTo(body.path("eventId").asText());
    assertThat(journal.spool().depth()).isEqualTo(1);
  }

  @Test
  void badJsonIs400WithAClearMessageAndStoresNothing() throws Exception {
    HttpResponse<String> r = post("{\"model\": \"x\", \"inputTokens\": ");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").asText()).startsWith("invalid usage report: body is not valid JSON");
    HttpResponse<String> missing = post("{\"agent\":\"A\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(missing.body()).path("problems")).hasSize(3);
    assertThat(journal.spool().depth()).isZero();
    assertThat(journal.knownIds()).isZero();
    // a valid report after bad ones is taken: nothing is lost
    assertThat(post("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1}").statusCode()).isEqualTo(202);
    assertThat(journal.spool().depth()).isEqualTo(1);
  }

  @Test
  void absurdNumbersGetA400ListingEveryProblemNotADroppedConnection() throws Exception {
    // before: the connection dropped with no answer (the cost was rescaled on the intake thread)
    HttpResponse<String> r = post("{\"model\":\"claude-sonnet-4-5\",\"inputTokens\":1000000000000,\"outputTokens\":5,"
        + "\"costUsd\":1e-999999999}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("problems")).hasSize(2);
    assertThat(body.path("problems").get(0).asText()).contains("limits.max-input-tokens");
    assertThat(body.path("problems").get(1).asText()).startsWith("costUsd must be a plain decimal");
    // the exact body of the report: as a string the old code rescaled it and the connection dropped
    HttpResponse<String> asString = post("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":\"1e-999999999\"}");
    assertThat(asString.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(asString.body()).path("problems").get(0).asText()).startsWith("costUsd must be a decimal number");
    assertThat(journal.spool().depth()).isZero();
    assertThat(post("{\"model\":\"m\",\"inputTokens\":1,\"outputTokens\":1,\"costUsd\":0.25}").statusCode())
        .isEqualTo(202);
  }

  @Test
  void hugeDeepAndNonUtf8BodiesGetJsonAnswers() throws Exception {
    HttpResponse<String> huge = post("{\"notes\":\"" + "x".repeat(1 << 20) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(huge.body()).path("error").asText()).contains("larger than 65536 bytes");
    HttpResponse<String> deep = post("[".repeat(60_000));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(deep.body()).path("problems").get(0).asText()).contains("nested more than 16 levels");
    HttpResponse<String> latin1 = send(request()
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'm', (byte) 0xE9, '"', ':', '1', '}'})));
    assertThat(latin1.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(latin1.body()).path("problems").get(0).asText()).startsWith("body is not valid UTF-8");
    assertThat(journal.spool().depth()).isZero();
  }

  @Test
  void withoutTheTokenA401AndNothingStored() throws Exception {
    // before: any local process (and any web page, below) could add usage
    HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.USAGE_PATH))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tokenledger-agent\"");
    assertThat(JSON.readTree(none.body()).path("error").asText()).startsWith("missing intake token").contains("intake.token");
    HttpResponse<String> wrong = send(request().setHeader("Authorization", "Bearer " + "A".repeat(43))
        .POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).path("error").asText()).startsWith("wrong intake token");
    HttpResponse<String> two = send(request().header("Authorization", "Bearer " + "A".repeat(43))
        .POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(two.statusCode()).as("two Authorization headers are ambiguous").isEqualTo(401);
    HttpResponse<String> basic = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.USAGE_PATH))
        .header("Content-Type", "application/json").header("Authorization", "Basic " + token.value())
        .POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(journal.spool().depth()).isZero();
    assertThat(post(GOOD).statusCode()).isEqualTo(202);
  }

  @Test
  void requestsFromWebPagesAreRefusedAndNoPreflightIsAnswered() throws Exception {
    HttpResponse<String> cors = send(request().header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(cors.statusCode()).as("even with the token").isEqualTo(403);
    assertThat(JSON.readTree(cors.body()).path("error").asText()).contains("Origin");
    HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.USAGE_PATH))
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control"));
    HttpResponse<String> options = send(request().method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(options.statusCode()).isEqualTo(405);
    assertThat(send(request().header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(GOOD)))
        .statusCode()).isEqualTo(403);
    HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
        .header("Origin", "null"));
    assertThat(health.statusCode()).isEqualTo(403);
    assertThat(journal.spool().depth()).isZero();
  }

  @Test
  void aForeignHostNameIsRefused() throws Exception {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host: evil.example
    try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
      byte[] body = GOOD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      s.getOutputStream().write(("POST " + IntakeServer.USAGE_PATH + " HTTP/1.1\r\nHost: evil.example:" + server.port()
          + "\r\nAuthorization: Bearer " + token.value() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().write(body);
      String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("127.0.0.1 or localhost");
    }
    HttpResponse<String> viaLocalhost = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
        + IntakeServer.USAGE_PATH)).header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(viaLocalhost.statusCode()).isEqualTo(202);
  }

  @Test
  void onlyJsonBodies() throws Exception {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=iso-8859-1"}) {
      HttpResponse<String> r = send(request().setHeader("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(GOOD)));
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      assertThat(JSON.readTree(r.body()).path("error").asText()).contains("application/json").doesNotContain("<");
    }
    HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + IntakeServer.USAGE_PATH))
        .header("Authorization", "Bearer " + token.value()).POST(HttpRequest.BodyPublishers.ofString(GOOD)));
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(send(request().setHeader("Content-Type", "Application/JSON; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(GOOD))).statusCode()).isEqualTo(202);
    assertThat(journal.spool().depth()).isEqualTo(1);
  }

  @Test
  void onlyPostAndOnlyLoopback() throws Exception {
    HttpResponse<String> get = send(request().GET());
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    InetAddress nonLoopback = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
    if (nonLoopback != null) {
      try (java.net.Socket s = new java.net.Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> s.connect(new java.net.InetSocketAddress(nonLoopback, server.port()), 1000))
            .isInstanceOf(java.io.IOException.class);
      }
    }
  }
}
