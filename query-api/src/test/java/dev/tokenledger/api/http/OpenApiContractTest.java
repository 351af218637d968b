package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.InMemoryBudgetStore;
import dev.tokenledger.api.efficiency.EfficiencyFacts;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.LedgerRow;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReconciliationService;
import dev.tokenledger.reconciliation.ReconciliationStore;
import dev.tokenledger.reconciliation.Reconciliations;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.TokenCounts;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published OpenAPI document against the server: every route is documented and every documented
 * path is served, and real answers (success and error) of every route match their documented schema,
 * with no undocumented field (the schemas forbid additional properties).
 */
class OpenApiContractTest {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private JsonNode doc;
  private final InMemoryBudgetStore budgetStore = new InMemoryBudgetStore();
  private ApiServices services;
  private ApiServer server;

  /** Facts that fill every part of an efficiency answer: commits, outliers, shares, zombie servers and every smell. */
  static final EfficiencyFacts EFFICIENCY_FACTS = new EfficiencyFacts(
      new EfficiencyFacts.Totals(100, 7, 40, 1000, 500, 200_000, 0, 300, new BigDecimal("10.000000000"), new BigDecimal("0.5")),
      List.of(new EfficiencyFacts.Share("", 80, new BigDecimal("8")), new EfficiencyFacts.Share("reviewer", 20, new BigDecimal("2"))),
      List.of(new EfficiencyFacts.Share("implement", 100, new BigDecimal("10"))),
      List.of(
          new EfficiencyFacts.SessionCost("alice", "s1", Instant.parse("2026-11-02T10:00:00Z"), new BigDecimal("1")),
          new EfficiencyFacts.SessionCost("alice", "s2", Instant.parse("2026-11-02T11:00:00Z"), new BigDecimal("1")),
          new EfficiencyFacts.SessionCost("alice", "s3", Instant.parse("2026-11-02T12:00:00Z"), new BigDecimal("1")),
          new EfficiencyFacts.SessionCost("alice", "s4", Instant.parse("2026-11-02T13:00:00Z"), new BigDecimal("1")),
          new EfficiencyFacts.SessionCost("alice", "s5", Instant.parse("2026-11-02T14:00:00Z"), new BigDecimal("9"))),
      List.of(new EfficiencyFacts.ModelUsage("big", 60, 1000, new BigDecimal("9"), 30, 40, new BigDecimal("1")),
          new EfficiencyFacts.ModelUsage("small", 40, 201_000, new BigDecimal("1"), 0, 0, BigDecimal.ZERO)),
      Optional.of(new EfficiencyFacts.Commits(3, 120, 30, 2, new BigDecimal("6.5"))),
      List.of(new EfficiencyFacts.McpServer("zen", 2, null), new EfficiencyFacts.McpServer("context7", 1, Instant.parse("2026-09-01T10:00:00Z")),
          new EfficiencyFacts.McpServer("github", 3, Instant.parse("2026-11-20T10:00:00Z"))),
      Instant.parse("2026-11-01T00:00:00Z"));

  /** Figures that give every status of a reconciliation row: matched, different, one side only (null shares). */
  static final Reconciliations RECONCILIATIONS = new Reconciliations(Optional.of(new ReconciliationService(new ReconciliationStore() {
    private final LocalDate day = LocalDate.of(2026, 11, 2);

    @Override
    public void saveImport(String orgId, Provider provider, ReportKind report, DayRange range, List<ProviderRow> rows, long version,
        String origin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ProviderRow> providerRows(String orgId, Provider provider, List<ReportKind> reports, DayRange range) {
      TokenCounts t = new TokenCounts(10, 20, 30, 40);
      return List.of(new ProviderRow(provider, reports.get(0), day, "m1", "ana@acme.example", t, new BigDecimal("1.5")),
          new ProviderRow(provider, reports.get(0), day, "m2", "ana@acme.example", t, new BigDecimal("2")),
          new ProviderRow(provider, reports.get(0), day.plusDays(1), "m3", "bo@acme.example", t, BigDecimal.ONE));
    }

    @Override
    public List<LedgerRow> ledgerRows(String orgId, Provider provider, GroupBy groupBy, LedgerScope scope, DayRange range) {
      TokenCounts t = new TokenCounts(10, 20, 30, 40);
      return List.of(new LedgerRow(day, "m1", "ana@acme.example", t, new BigDecimal("1.500000000")),
          new LedgerRow(day, "m2", "ana@acme.example", new TokenCounts(10, 25, 30, 40), new BigDecimal("2.1")),
          new LedgerRow(day, "m4", "ana@acme.example", t, new BigDecimal("0.3")));
    }
  })), Map.of(), Map.of(), Reconciliations.DEFAULT_THRESHOLD);

  @BeforeEach
  void start() throws Exception {
    doc = json.readTree(OpenApiEndpoint.load());
    SpendRepository repository = new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery q, QueryId id) {
        Map<Dimension, String> keys = new LinkedHashMap<>();
        q.groupBy().forEach(d -> keys.put(d, d == Dimension.CHAIN ? Dimension.SUBAGENT_CHAIN : "v-" + d.wireName()));
        Map<TokenClass, Long> tokens = new LinkedHashMap<>();
        for (TokenClass t : TokenClass.values()) {
          tokens.put(t, 7L);
        }
        boolean hourly = q.granularity().name().equals("HOUR");
        SpendRow r = new SpendRow(q.granularity().name().equals("TOTAL") || hourly ? null : LocalDate.of(2026, 11, 1), keys, 3,
            q.withSessions() ? 2L : null, tokens, new BigDecimal("1.500000000"), new BigDecimal("0.2"),
            hourly ? Instant.parse("2026-11-02T10:00:00Z") : null,
            q.withTimes() ? Instant.parse("2026-11-02T10:04:05Z") : null, q.withTimes() ? Instant.parse("2026-11-02T10:59:59Z") : null);
        return Page.of(List.of(r, r), q.page());
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery q, QueryId id) {
        SessionDetail.Request r = new SessionDetail.Request("e1", Instant.parse("2026-11-02T10:00:00Z"), "m", "", "main", false,
            List.of("Bash"), Map.of(TokenClass.INPUT, 1L), BigDecimal.ONE, "exact");
        return Optional.of(new SessionDetail("s1", "acme", "alice", "t", "p", "main", "CLAUDE_CODE", "", r.eventTime(), r.eventTime(), 1,
            Map.of(), BigDecimal.ONE, new Page<>(List.of(r, r), true)));
      }

      @Override
      public void cancel(QueryId id) {}
    };
    services = new ApiServices(HttpOptions.local("127.0.0.1", 0),
        bearer -> {
          Principal p = ApiServerTest.CALLERS.get(bearer);
          if (p == null) {
            throw new AuthenticationException("invalid or revoked API token");
          }
          return p;
        },
        new InMemoryTokenStore(),
        repository, ZoneId.of("UTC"), Duration.ofHours(25), Clock.systemUTC(), () -> true,
        new BudgetService(budgetStore, (org, scope, value, window, id) -> new BigDecimal("12.5"), ZoneId.of("UTC"), Clock.systemUTC()),
        (q, settings, id) -> EFFICIENCY_FACTS, EfficiencySettings.DEFAULTS, RECONCILIATIONS);
    server = services.server();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedPathIsARoute() {
    Set<String> served = new HashSet<>();
    served.add("GET /health");
    for (Route r : ApiRoutes.routes(services, null)) {
      served.add(r.method() + " " + r.path());
    }
    Set<String> documented = new HashSet<>();
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    assertThat(documented).isEqualTo(served);
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
  }

  @Test
  void everyAnswerMatchesItsDocumentedSchema() throws Exception {
    List<String> calls = List.of(
        "GET /health 200",
        "GET /v1/me 200", "GET /v1/me?colour=x 400",
        "GET /v1/spend?group_by=team,model,user,tool,mcp_server,agent_role,workflow_step,accuracy,host,session,branch,agent,chain&granularity=day&sessions=true&limit=1 200",
        "GET /v1/spend?month=2026-11 200",
        "GET /v1/spend?group_by=session,model&granularity=hour&times=true&sessions=true 200", "GET /v1/spend?times=maybe 400", "GET /v1/spend?user=bob 403", "GET /v1/spend?limit=x 400",
        "GET /v1/chargeback?month=2026-11&by=team 200", "GET /v1/chargeback?month=2026-11&by=cost_centre&limit=1 200",
        "GET /v1/sessions/s1?limit=1 200",
        "GET /v1/efficiency?from=2026-11-01&to=2026-12-01&tz=Europe/Berlin&team=platform 200", "GET /v1/efficiency?month=2026-11 200",
        "GET /v1/efficiency?group_by=team 400", "GET /v1/efficiency?tz=Mars/Base 400", "GET /v1/efficiency?user=bob 403",
        "GET /v1/reconciliation?from=2026-11-01&to=2026-12-01 200",
        "GET /v1/reconciliation?from=2026-11-01&to=2026-12-01&provider=anthropic&group_by=subject&format=json 200",
        "GET /v1/reconciliation?from=2026-11-01 400", "GET /v1/reconciliation?from=2026-11-01&to=2026-12-01&provider=openai&group_by=subject 400",
        "GET /v1/reconciliation?from=2026-11-01&to=2026-12-01&group_by=team 400", "GET /v1/reconciliation?from=2026-11-01&to=2026-12-01 403",
        "GET /v1/openapi.json 200",
        "GET /v1/tokens 200", "GET /v1/tokens?x=1 400", "POST /v1/tokens 201", "POST /v1/tokens 400", "DELETE /v1/tokens/nope 404",
        "GET /v1/tokens 403",
        "PUT /v1/budgets/b1 200", "PUT /v1/budgets/b1 400", "PUT /v1/budgets/b1 403", "GET /v1/budgets 200", "GET /v1/budgets?x=1 400",
        "GET /v1/budgets 403", "GET /v1/budgets/b1 200", "GET /v1/budgets/nope 404", "GET /v1/budgets/status 200",
        "GET /v1/budgets/status?project=p&cost_centre=c&format=json 200", "GET /v1/budgets/status?user=bob 403",
        "DELETE /v1/budgets/b1 200", "DELETE /v1/budgets/b1 404", "DELETE /v1/budgets/b1 403", "GET /v1/budgets/status 503");
    for (String call : calls) {
      String[] parts = call.split(" ");
      budgetStore.down = call.endsWith(" 503");
      boolean admin = (parts[1].startsWith("/v1/tokens") || parts[1].startsWith("/v1/budgets")) && !parts[2].equals("403");
      String token = call.contains("user=bob") || parts[2].equals("403") ? "dev" : admin ? "adm" : "fin";
      String body = parts[2].equals("201") ? "{\"user\": \"eve\", \"role\": \"finance\"}" : parts[2].equals("400") ? "{}" : null;
      if (parts[0].equals("PUT") && !parts[2].equals("400")) {
        body = "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": \"500\", \"thresholds\": [80, 100],"
            + " \"time_zone\": \"Europe/Berlin\", \"enabled\": true, \"notify\": [\"slack-platform\"]}";
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + parts[1]))
          .header("Authorization", "Bearer " + token)
          .method(parts[0], body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(call).isEqualTo(Integer.parseInt(parts[2]));
      String path = parts[1].replaceAll("\\?.*", "").replace("/v1/sessions/s1", "/v1/sessions/{id}").replace("/v1/tokens/nope", "/v1/tokens/{id}")
          .replace("/v1/budgets/b1", "/v1/budgets/{id}").replace("/v1/budgets/nope", "/v1/budgets/{id}");
      JsonNode response = doc.get("paths").get(path).get(parts[0].toLowerCase(Locale.ROOT)).get("responses").get(parts[2]);
      assertThat(response).as(call + ": status documented").isNotNull();
      JsonNode schema = response.get("content").get("application/json").get("schema");
      List<String> problems = new ArrayList<>();
      validate(schema, json.readTree(r.body()), "$", problems);
      assertThat(problems).as(call).isEmpty();
    }
  }

  @Test
  void theDocumentIsServedAsItIsShipped() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/openapi.json"))
        .header("Authorization", "Bearer dev").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json.readTree(r.body())).isEqualTo(doc);
  }

  @Test
  void theValidatorCatchesAnUndocumentedField() throws Exception {
    List<String> problems = new ArrayList<>();
    validate(doc.at("/components/schemas/Error"), json.readTree("{\"error\":\"x\",\"internal\":\"ClickHouse at 10.0.0.1\"}"), "$", problems);
    assertThat(problems).containsExactly("$.internal: not documented");
  }

  private void validate(JsonNode schema, JsonNode value, String at, List<String> problems) {
    if (schema.has("$ref")) {
      validate(doc.at(schema.get("$ref").asText().substring(1)), value, at, problems);
      return;
    }
    if (schema.has("type")) {
      List<String> types = new ArrayList<>();
      if (schema.get("type").isArray()) {
        schema.get("type").forEach(t -> types.add(t.asText()));
      } else {
        types.add(schema.get("type").asText());
      }
      if (types.stream().noneMatch(t -> is(t, value))) {
        problems.add(at + ": expected " + types + ", got " + value.getNodeType());
        return;
      }
    }
    if (schema.has("enum") && value.isTextual()) {
      List<String> allowed = new ArrayList<>();
      schema.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value.asText())) {
        problems.add(at + ": '" + value.asText() + "' not in " + allowed);
      }
    }
    if (schema.has("pattern") && value.isTextual()
        && !java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      problems.add(at + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
    }
    if (value.isObject()) {
      JsonNode props = schema.get("properties");
      if (schema.has("required")) {
        schema.get("required").forEach(req -> {
          if (!value.has(req.asText())) {
            problems.add(at + "." + req.asText() + ": required but missing");
          }
        });
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (props != null && props.has(f.getKey())) {
          validate(props.get(f.getKey()), f.getValue(), at + "." + f.getKey(), problems);
        } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
          validate(schema.get("additionalProperties"), f.getValue(), at + "." + f.getKey(), problems);
        } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean()) {
          problems.add(at + "." + f.getKey() + ": not documented");
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        validate(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
      }
    }
  }

  private static boolean is(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> false;
    };
  }
}
