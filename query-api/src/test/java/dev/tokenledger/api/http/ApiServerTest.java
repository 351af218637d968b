package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.AuthUnavailableException;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer over a scripted warehouse: authentication, scopes, formats, pages, errors, stop and cancellation. */
class ApiServerTest {

  static final Map<String, Principal> CALLERS = Map.of(
      "dev", new Principal("acme", "alice", "alice@acme.example", Set.of(), Role.DEVELOPER, "token:dev"),
      "mgr", new Principal("acme", "bob", "", Set.of("platform", "data"), Role.MANAGER, "token:mgr"),
      "fin", new Principal("acme", "carol", "", Set.of(), Role.FINANCE, "token:fin"),
      "adm", new Principal("acme", "dora", "", Set.of(), Role.ADMIN, "token:adm"));

  final List<SpendQuery> asked = new ArrayList<>();
  final List<QueryId> cancelled = new ArrayList<>();
  volatile RuntimeException failure;
  volatile CountDownLatch block;
  volatile boolean authDown;
  List<SpendRow> rows = List.of(row("platform", "1.234567891", "0.617283945"), row("=cmd|' /C calc'!A0", "0.5"), row("data, \"eu\"", "0.25"));
  ApiServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() {
    SpendRepository repository = new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery query, QueryId id) {
        synchronized (asked) {
          asked.add(query);
        }
        awaitBlock();
        if (failure != null) {
          throw failure;
        }
        int from = Math.min(query.page().offset(), rows.size());
        return Page.of(rows.subList(from, Math.min(rows.size(), from + query.page().limit() + 1)), query.page());
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
        if (!query.sessionId().equals("s1") || !query.scope().getOrDefault(Dimension.USER, Set.of("alice")).contains("alice")) {
          return Optional.empty();
        }
        SessionDetail.Request r = new SessionDetail.Request("e1", Instant.parse("2026-11-02T10:00:00Z"), "claude-sonnet-4-5", "", "main",
            false, List.of("Bash", "Read"), Map.of(TokenClass.INPUT, 5L), new BigDecimal("0.1"), "exact");
        return Optional.of(new SessionDetail("s1", "acme", "alice", "platform", "github.com/acme/api", "main", "CLAUDE_CODE", "",
            r.eventTime(), r.eventTime(), 1, Map.of(TokenClass.INPUT, 5L), new BigDecimal("0.1"), new Page<>(List.of(r), false)));
      }

      @Override
      public void cancel(QueryId id) {
        synchronized (cancelled) {
          cancelled.add(id);
        }
        CountDownLatch b = block;
        if (b != null) {
          b.countDown();
        }
      }
    };
    ApiServices services = new ApiServices(
        new HttpOptions("127.0.0.1", 0, 4096, List.of(), 8, 2, Duration.ofMillis(300), Duration.ofSeconds(5)),
        bearer -> {
          if (authDown) {
            throw new AuthUnavailableException("store down", null);
          }
          Principal p = CALLERS.get(bearer);
          if (p == null) {
            throw new AuthenticationException("invalid or revoked API token");
          }
          return p;
        },
        new InMemoryTokenStore(),
        repository, ZoneId.of("Europe/Berlin"), Duration.ofHours(25),
        Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC), () -> failure == null);
    server = services.server();
    server.start();
  }

  @AfterEach
  void stop() {
    CountDownLatch b = block;
    if (b != null) {
      b.countDown();
    }
    server.close();
  }

  private void awaitBlock() {
    CountDownLatch b = block;
    if (b != null) {
      try {
        b.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static SpendRow row(String team, String cost) {
    return row(team, cost, "0");
  }

  static SpendRow row(String team, String cost, String notFinal) {
    return new SpendRow(null, Map.of(Dimension.TEAM, team), 3, null, Map.of(TokenClass.INPUT, 10L, TokenClass.OUTPUT, 20L),
        new BigDecimal(cost), new BigDecimal("0.010000000"), null, null, null, new BigDecimal(notFinal));
  }

  HttpResponse<String> get(String token, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode body(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  SpendQuery lastAsked() {
    synchronized (asked) {
      return asked.get(asked.size() - 1);
    }
  }

  @Test
  void healthNeedsNoCredentialAndEveryOtherRouteDoes() throws Exception {
    assertThat(get(null, "/health").statusCode()).isEqualTo(200);
    for (String path : List.of("/v1/me", "/v1/spend", "/v1/chargeback?month=2026-11&by=team", "/v1/sessions/s1", "/v1/openapi.json")) {
      HttpResponse<String> r = get(null, path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tokenledger\"");
      assertThat(get("nope", path).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(asked).isEmpty();
  }

  @Test
  void onlyBearerCredentialsAreAccepted() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/me"))
        .header("Authorization", "Basic ZGV2OmRldg==").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(body(r).get("error").asText()).contains("Bearer");
  }

  @Test
  void anUnreachableTokenStoreIs503NotAnAccessDecision() throws Exception {
    authDown = true;
    HttpResponse<String> r = get("dev", "/v1/me");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(body(r).get("error").asText()).isEqualTo("authentication unavailable; retry in a moment");
  }

  @Test
  void meTellsWhoTheCredentialIs() throws Exception {
    JsonNode me = body(get("mgr", "/v1/me")).get("rows").get(0);
    assertThat(me.get("role").asText()).isEqualTo("manager");
    assertThat(me.get("teams").asText()).isEqualTo("data platform");
  }

  @Test
  void aDeveloperIsAlwaysRestrictedToTheirOwnUsageInTheirOrganisation() throws Exception {
    assertThat(get("dev", "/v1/spend?group_by=user,host,session").statusCode()).isEqualTo(200);
    assertThat(lastAsked().filters()).containsEntry(Dimension.USER, Set.of("alice")).containsEntry(Dimension.ORG, Set.of("acme"));
    assertThat(get("dev", "/v1/spend?user=alice").statusCode()).isEqualTo(200);
    int before = asked.size();
    for (String q : List.of("user=bob", "user=alice&user=bob", "org=globex", "USER=bob")) {
      HttpResponse<String> r = get("dev", "/v1/spend?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(403);
    }
    assertThat(asked).hasSize(before);
  }

  @Test
  void aManagerSeesTheirTeamsOnly() throws Exception {
    get("mgr", "/v1/spend?group_by=user");
    assertThat(lastAsked().filters()).containsEntry(Dimension.TEAM, Set.of("platform", "data"));
    get("mgr", "/v1/spend?team=data&group_by=user");
    assertThat(lastAsked().filters()).containsEntry(Dimension.TEAM, Set.of("data"));
    assertThat(get("mgr", "/v1/spend?team=sales").statusCode()).isEqualTo(403);
    assertThat(body(get("mgr", "/v1/spend?team=sales")).get("error").asText()).startsWith("team:").contains("data, platform");
    get("mgr", "/v1/chargeback?month=2026-11&by=project");
    assertThat(lastAsked().filters()).containsEntry(Dimension.TEAM, Set.of("platform", "data"));
  }

  @Test
  void financeSeesTheOrganisationAndNoOther() throws Exception {
    get("fin", "/v1/spend?group_by=user");
    assertThat(lastAsked().filters()).containsOnlyKeys(Dimension.ORG).containsEntry(Dimension.ORG, Set.of("acme"));
    assertThat(get("fin", "/v1/spend?org=globex").statusCode()).isEqualTo(403);
  }

  @Test
  void spendAnswersJsonWithExactMoneyAndTheQuestion() throws Exception {
    HttpResponse<String> r = get("fin", "/v1/spend?group_by=team&month=2026-11");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.headers().firstValue("X-Query-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("tl-"));
    JsonNode b = body(r);
    assertThat(b.get("rows").get(0).get("cost_usd").isTextual()).isTrue();
    assertThat(b.get("rows").get(0).get("cost_usd").asText()).isEqualTo("1.234567891");
    assertThat(b.get("rows").get(0).get("not_final_cost_usd").asText()).isEqualTo("0.617283945");
    assertThat(b.get("rows").get(0).get("not_final_share").asText()).isEqualTo("0.500000");
    assertThat(b.get("rows").get(0).has("sessions")).isFalse();
    assertThat(b.get("query").get("from").asText()).isEqualTo("2026-11-01");
    assertThat(b.get("truncated").asBoolean()).isFalse();
    assertThat(b.get("next").isNull()).isTrue();
  }

  @Test
  void csvForEveryEndpointWithFormulasDefused() throws Exception {
    HttpResponse<String> r = get("fin", "/v1/spend?group_by=team&format=csv");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    String[] lines = r.body().split("\r\n");
    assertThat(lines[0]).isEqualTo("team,requests,input_tokens,output_tokens,cache_write_5m_tokens,cache_write_1h_tokens,"
        + "cache_read_tokens,reasoning_tokens,cost_usd,cache_savings_usd,not_final_cost_usd,not_final_share");
    assertThat(lines[1]).isEqualTo("platform,3,10,20,0,0,0,0,1.234567891,0.010000000,0.617283945,0.500000");
    assertThat(lines[2]).startsWith("'=cmd|' /C calc'!A0,");
    assertThat(lines[3]).startsWith("\"data, \"\"eu\"\"\",");
    assertThat(get("fin", "/v1/spend?group_by=team", "Accept", "text/csv").body()).isEqualTo(r.body());
    for (String path : List.of("/v1/me", "/v1/chargeback?month=2026-11&by=team", "/v1/sessions/s1")) {
      HttpResponse<String> c = get("dev", path + (path.contains("?") ? "&" : "?") + "format=csv");
      assertThat(c.statusCode()).as(path).isEqualTo(200);
      assertThat(c.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    }
    assertThat(get("fin", "/v1/spend?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void pagesFollowEachOtherWithCursorsAndNothingIsCutSilently() throws Exception {
    List<String> teams = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode b = body(get("fin", "/v1/spend?group_by=team&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
      b.get("rows").forEach(r -> teams.add(r.get("team").asText()));
      cursor = b.get("truncated").asBoolean() ? b.get("next").asText() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(2);
    assertThat(teams).containsExactly("platform", "=cmd|' /C calc'!A0", "data, \"eu\"");
    HttpResponse<String> csv = get("fin", "/v1/spend?group_by=team&limit=2&format=csv");
    assertThat(csv.headers().firstValue("X-Truncated")).hasValue("true");
    String next = csv.headers().firstValue("X-Next-Cursor").orElseThrow();
    HttpResponse<String> other = get("fin", "/v1/spend?group_by=model&limit=2&cursor=" + next);
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(body(other).get("error").asText()).startsWith("cursor:");
  }

  @Test
  void badParametersAre400NamingTheParameter() throws Exception {
    Map<String, String> cases = Map.of(
        "/v1/spend?from=-999999999-01-01", "from:",
        "/v1/spend?month=99999-01", "month:",
        "/v1/spend?limit=0", "limit:",
        "/v1/spend?group_by=wallet", "group_by:",
        "/v1/spend?colour=red", "unknown parameter 'colour'",
        "/v1/spend?granularity=minute", "granularity:",
        "/v1/chargeback?month=2026-11&by=wallet", "by:",
        "/v1/chargeback?by=team", "month:",
        "/v1/spend?cursor=%00%01", "cursor:");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = get("fin", c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(body(r).get("error").asText()).as(c.getKey()).startsWith(c.getValue());
    }
  }

  @Test
  void injectionAttemptsAreValuesNeverSql() throws Exception {
    HttpResponse<String> r = get("fin", "/v1/spend?team=x%27%29%20OR%201%3D1%20--&group_by=team");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(lastAsked().filters().get(Dimension.TEAM)).containsExactly("x') OR 1=1 --");
    assertThat(get("fin", "/v1/spend?group_by=team%3B%20DROP%20TABLE%20usage_events").statusCode()).isEqualTo(400);
  }

  @Test
  void oversizedRequestsFailSafely() throws Exception {
    HttpResponse<String> r = get("fin", "/v1/spend?team=" + "a".repeat(20_000));
    assertThat(r.statusCode()).isIn(400, 414, 431);
    assertThat(get("fin", "/v1/spend?team=" + "a".repeat(2_000)).statusCode()).isEqualTo(400);
    assertThat(get(null, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aWarehouseFailureIs503WithoutInternals() throws Exception {
    failure = new WarehouseException("warehouse unavailable", new RuntimeException("Connection refused: 10.1.2.3:8123 Code: 210"));
    HttpResponse<String> r = get("fin", "/v1/spend");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(body(r).get("error").asText()).isEqualTo("warehouse unavailable");
    assertThat(r.body()).doesNotContain("10.1.2.3").doesNotContain("8123").doesNotContain("Code");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(get(null, "/health").statusCode()).isEqualTo(503);
  }

  @Test
  void aQueryOverTheLimitsIs422() throws Exception {
    failure = new QueryLimitException("the question reads too much: narrow from/to or add filters", null);
    HttpResponse<String> r = get("fin", "/v1/spend?group_by=session");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(body(r).get("error").asText()).contains("narrow");
  }

  @Test
  void securityHeadersOnEveryAnswerAndNoCorsUnlessConfigured() throws Exception {
    for (HttpResponse<String> r : List.of(get(null, "/health"), get("fin", "/v1/spend"), get(null, "/v1/spend"), get("fin", "/nope"))) {
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(r.headers().firstValue("Server")).isEmpty();
    }
    HttpResponse<String> unknown = get("fin", "/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(body(unknown).get("error").asText()).contains("no such endpoint");
  }

  @Test
  void sessionsOutsideTheScopeAreNotFound() throws Exception {
    HttpResponse<String> mine = get("dev", "/v1/sessions/s1");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(body(mine).get("session").get("user").asText()).isEqualTo("alice");
    assertThat(body(mine).get("rows").get(0).get("tools").asText()).isEqualTo("Bash Read");
    assertThat(get("dev", "/v1/sessions/s2").statusCode()).isEqualTo(404);
  }

  @Test
  void chargebackIsClosedOnceTheMonthCanNoLongerChange() throws Exception {
    // The clock says 2026-12-02T00:00Z; November ends 2026-12-01T00:00 Berlin = 2026-11-30T23:00Z, closes 25 h later.
    JsonNode nov = body(get("fin", "/v1/chargeback?month=2026-11&by=cost_centre"));
    assertThat(nov.get("closes_at").asText()).isEqualTo("2026-12-02T00:00:00Z");
    assertThat(nov.get("closed").asBoolean()).isTrue();
    assertThat(lastAsked().groupBy()).containsExactly(Dimension.COST_CENTRE);
    assertThat(body(get("fin", "/v1/chargeback?month=2026-12&by=team")).get("closed").asBoolean()).isFalse();
  }

  @Test
  void aClientThatGoesAwayCancelsItsWarehouseQuery() throws Exception {
    block = new CountDownLatch(1);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /v1/spend?group_by=team HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> !asked.isEmpty());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      synchronized (cancelled) {
        return cancelled.size() == 1;
      }
    });
  }

  @Test
  void aKeptAliveConnectionIsNotMistakenForAClientThatLeft() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write(("GET /v1/spend HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        in.readNBytes(length);
      }
    }
    assertThat(cancelled).isEmpty();
  }

  @Test
  void aSlowAnswerClosesTheConnectionAfterItInsteadOfBeingCancelled() throws Exception {
    block = new CountDownLatch(1);
    CountDownLatch b = block;
    CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS).execute(b::countDown);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("GET /v1/spend HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
    }
    assertThat(cancelled).isEmpty();
  }

  @Test
  void tooManyQuestionsAtOnceAre503WhileHealthStaysUp() throws Exception {
    block = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/spend"))
          .header("Authorization", "Bearer fin").build(), HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> asked.size() == 2);
    HttpResponse<String> third = get("fin", "/v1/spend");
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(body(third).get("error").asText()).contains("too many questions");
    assertThat(get(null, "/health").statusCode()).isEqualTo(200);
    block.countDown();
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aStopLetsARunningRequestFinish() throws Exception {
    block = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> running = http.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/v1/spend")).header("Authorization", "Bearer fin").build(),
        HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> !asked.isEmpty());
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(null, "/health").statusCode() == 503);
    HttpResponse<String> late = get("fin", "/v1/spend");
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(body(late).get("error").asText()).contains("stopping");
    assertThat(stopping).isNotDone();
    block.countDown();
    assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopping.get(10, TimeUnit.SECONDS);
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }
}
