package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.InMemoryBudgetStore;
import dev.tokenledger.api.budget.SpendWindow;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budget routes over an in-memory store and a fake spend source: roles, bodies, status, the line, 503. */
class BudgetRoutesTest {

  static final Map<String, Principal> CALLERS = Map.of(
      "dev", new Principal("acme", "alice", "", Set.of("platform"), Role.DEVELOPER, "token:dev"),
      "mgr", new Principal("acme", "bob", "", Set.of("platform", "data"), Role.MANAGER, "token:mgr"),
      "fin", new Principal("acme", "carol", "", Set.of(), Role.FINANCE, "token:fin"),
      "adm", new Principal("acme", "dora", "", Set.of(), Role.ADMIN, "token:adm"),
      "glx", new Principal("globex", "gil", "", Set.of(), Role.ADMIN, "token:glx"));
  /** 2026-11-10T00:00Z: 9 of November's 30 days have passed in UTC. */
  static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();
  /** "scope|value" → spend; the windows asked for. */
  private final Map<String, BigDecimal> spend = new ConcurrentHashMap<>();
  private final List<SpendWindow> windows = new java.util.concurrent.CopyOnWriteArrayList<>();
  private ApiServer server;

  static SpendRepository nothing() {
    return new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery query, QueryId id) {
        return new Page<>(List.of(), false);
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
        return Optional.empty();
      }

      @Override
      public void cancel(QueryId id) {}
    };
  }

  @BeforeEach
  void start() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    BudgetService budgets = new BudgetService(store, (org, scope, value, window, id) -> {
      windows.add(window);
      return spend.getOrDefault(org + "|" + scope.wireName() + "|" + value, BigDecimal.ZERO);
    }, ZoneId.of("UTC"), clock);
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), bearer -> {
      Principal p = CALLERS.get(bearer);
      if (p == null) {
        throw new AuthenticationException("invalid or revoked API token");
      }
      return p;
    }, new InMemoryTokenStore(), nothing(), ZoneId.of("UTC"), Duration.ofHours(25), clock, () -> true, budgets).server();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  @Test
  void anAdminPutsABudgetAndFinanceReadsItWithItsSpend() throws Exception {
    spend.put("acme|team|platform", new BigDecimal("410"));
    JsonNode put = ok(send("adm", "PUT", "/v1/budgets/platform-monthly",
        "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": 500, \"notify\": [\"slack-platform\"]}"));
    JsonNode row = put.get("rows").get(0);
    assertThat(row.get("id").asText()).isEqualTo("platform-monthly");
    assertThat(row.get("limit_usd").asText()).isEqualTo("500.000000000");
    assertThat(row.get("spend_usd").asText()).isEqualTo("410.000000000");
    assertThat(row.get("remaining_usd").asText()).isEqualTo("90.000000000");
    assertThat(row.get("percent").asText()).isEqualTo("82.00");
    assertThat(row.get("projected_usd").asText()).isEqualTo("1366.666666667");
    assertThat(row.get("status").asText()).isEqualTo("warning");
    assertThat(row.get("thresholds").asText()).isEqualTo("50,80,100");
    assertThat(row.get("notify").asText()).isEqualTo("slack-platform");
    assertThat(row.get("period_start").asText()).isEqualTo("2026-11-01T00:00Z");
    assertThat(row.get("period_end").asText()).isEqualTo("2026-12-01T00:00Z");
    assertThat(row.get("time_zone").asText()).isEqualTo("UTC");
    assertThat(windows).containsOnly(new SpendWindow.Days(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)));

    assertThat(ok(send("fin", "GET", "/v1/budgets", null)).get("rows")).hasSize(1);
    assertThat(ok(send("fin", "GET", "/v1/budgets/platform-monthly", null)).get("rows").get(0).get("status").asText()).isEqualTo("warning");
    assertThat(send("fin", "GET", "/v1/budgets?format=csv", null).body())
        .startsWith("id,scope,value,period,period_start,period_end,time_zone,limit_usd,spend_usd,remaining_usd,percent,projected_usd,status,");
    // another organisation sees nothing of it
    assertThat(ok(send("glx", "GET", "/v1/budgets", null)).get("rows")).isEmpty();
    assertThat(send("glx", "GET", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);
    assertThat(send("glx", "DELETE", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);

    // a raised limit changes percent and status at once
    JsonNode raised = ok(send("adm", "PUT", "/v1/budgets/platform-monthly",
        "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": \"1000.5\"}")).get("rows").get(0);
    assertThat(raised.get("percent").asText()).isEqualTo("40.97");
    assertThat(raised.get("status").asText()).isEqualTo("ok");

    assertThat(ok(send("adm", "DELETE", "/v1/budgets/platform-monthly", null)).get("deleted").asText()).isEqualTo("platform-monthly");
    assertThat(send("adm", "DELETE", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);
    assertThat(send("fin", "GET", "/v1/budgets/platform-monthly", null).statusCode()).isEqualTo(404);
  }

  @Test
  void onlyAnAdminWritesAndOnlyFinanceAndAdminsListEveryBudget() throws Exception {
    String body = "{\"scope\": \"org\", \"period\": \"day\", \"limit_usd\": \"10\"}";
    for (String who : List.of("dev", "mgr", "fin")) {
      assertThat(send(who, "PUT", "/v1/budgets/b", body).statusCode()).as(who).isEqualTo(403);
    }
    assertThat(store.list("acme")).isEmpty();
    assertThat(send("adm", "PUT", "/v1/budgets/b", body).statusCode()).isEqualTo(200);
    for (String who : List.of("dev", "mgr", "fin")) {
      assertThat(send(who, "DELETE", "/v1/budgets/b", null).statusCode()).as(who).isEqualTo(403);
    }
    for (String who : List.of("dev", "mgr")) {
      assertThat(send(who, "GET", "/v1/budgets", null).statusCode()).as(who).isEqualTo(403);
      assertThat(send(who, "GET", "/v1/budgets/b", null).statusCode()).as(who).isEqualTo(403);
    }
    assertThat(ok(send("adm", "GET", "/v1/budgets", null)).get("rows")).hasSize(1);
  }

  @Test
  void badBodiesNameTheField() throws Exception {
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "{\"scope\": \"team\", \"period\": \"month\", \"limit_usd\": \"5\"}")))
        .startsWith("value: required");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "{\"scope\": \"team\", \"value\": \"p\", \"period\": \"month\", \"limit_usd\": 0.0000000001}")))
        .startsWith("limit_usd: at most 9 decimal places");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "{\"scope\": \"team\", \"value\": \"p\", \"period\": \"month\", \"limit_usd\": true}")))
        .startsWith("limit_usd: ");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "{\"scope\": \"team\", \"value\": \"p\", \"period\": \"month\", \"limit_usd\": 5, \"colour\": 1}")))
        .startsWith("colour: unknown field");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "{\"scope\": \"team\", \"value\": \"p\", \"period\": \"month\", \"limit_usd\": 5, \"thresholds\": [50.5]}")))
        .startsWith("thresholds: ");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b%7Cc", "{\"scope\": \"org\", \"period\": \"month\", \"limit_usd\": 5}"))).startsWith("id: ");
    assertThat(error(send("adm", "PUT", "/v1/budgets/b", "not json"))).startsWith("body: not JSON");
    assertThat(send("adm", "PUT", "/v1/budgets/status", "{\"scope\": \"org\", \"period\": \"month\", \"limit_usd\": 5}").statusCode()).isEqualTo(400);
    assertThat(store.list("acme")).isEmpty();
  }

  private String error(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return json.readTree(r.body()).get("error").asText();
  }

  @Test
  void theStatusShowsTheBudgetsThatApplyToTheCaller() throws Exception {
    put("org-monthly", "{\"scope\": \"org\", \"period\": \"month\", \"limit_usd\": \"10000\"}");
    put("alice-daily", "{\"scope\": \"user\", \"value\": \"alice\", \"period\": \"day\", \"limit_usd\": \"20\"}");
    put("bob-daily", "{\"scope\": \"user\", \"value\": \"bob\", \"period\": \"day\", \"limit_usd\": \"20\"}");
    put("platform", "{\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", \"limit_usd\": \"500\"}");
    put("data", "{\"scope\": \"team\", \"value\": \"data\", \"period\": \"month\", \"limit_usd\": \"500\"}");
    put("api-project", "{\"scope\": \"project\", \"value\": \"github.com/acme/api\", \"period\": \"week\", \"limit_usd\": \"100\", \"time_zone\": \"Europe/Berlin\"}");
    put("cc", "{\"scope\": \"cost_centre\", \"value\": \"cc-7\", \"period\": \"month\", \"limit_usd\": \"50\", \"enabled\": false}");
    spend.put("acme|org|acme", new BigDecimal("100"));
    spend.put("acme|team|platform", new BigDecimal("410"));
    spend.put("acme|user|bob", new BigDecimal("25"));
    spend.put("acme|project|github.com/acme/api", new BigDecimal("10"));
    spend.put("acme|cost_centre|cc-7", new BigDecimal("60"));

    JsonNode alice = ok(send("dev", "GET", "/v1/budgets/status", null));
    assertThat(ids(alice)).containsExactly("platform", "org-monthly", "alice-daily");
    assertThat(alice.get("line").asText()).isEqualTo("budget: team platform 82% of $500.00/month (projected 273%)");
    assertThat(alice.get("exceeded").asBoolean()).isFalse();

    JsonNode withProject = ok(send("dev", "GET", "/v1/budgets/status?project=github.com/acme/api&cost_centre=cc-7", null));
    assertThat(ids(withProject)).containsExactly("platform", "api-project", "org-monthly", "alice-daily", "cc");
    // the disabled cost-centre budget is over its limit but counts for neither the line nor exceeded
    assertThat(withProject.get("exceeded").asBoolean()).isFalse();
    // the project budget's week is read in Berlin, not the org's UTC: from the events between instants
    assertThat(windows).contains(new SpendWindow.Instants(Instant.parse("2026-11-08T23:00:00Z"), Instant.parse("2026-11-15T23:00:00Z")));

    JsonNode bob = ok(send("mgr", "GET", "/v1/budgets/status", null));
    assertThat(ids(bob)).containsExactly("bob-daily", "platform", "org-monthly", "data");
    assertThat(bob.get("exceeded").asBoolean()).isTrue();
    assertThat(bob.get("line").asText()).isEqualTo("budget: EXCEEDED user bob 125% of $20.00/day (projected 3000%)"); // the day has just begun: 25 in its first hour

    // a developer may not ask for another user's or another team's budgets; finance may
    assertThat(send("dev", "GET", "/v1/budgets/status?user=bob", null).statusCode()).isEqualTo(403);
    assertThat(send("dev", "GET", "/v1/budgets/status?team=data", null).statusCode()).isEqualTo(403);
    assertThat(send("mgr", "GET", "/v1/budgets/status?user=alice", null).statusCode()).isEqualTo(403);
    assertThat(ids(ok(send("mgr", "GET", "/v1/budgets/status?team=data", null)))).containsExactly("bob-daily", "org-monthly", "data");
    assertThat(ids(ok(send("fin", "GET", "/v1/budgets/status?user=bob", null)))).containsExactly("bob-daily", "org-monthly");
    assertThat(ok(send("glx", "GET", "/v1/budgets/status", null)).get("line").asText()).isEqualTo("budget: none");
    assertThat(send("dev", "GET", "/v1/budgets/status?format=csv", null).body()).startsWith("id,scope,value,");
  }

  private void put(String id, String body) throws Exception {
    ok(send("adm", "PUT", "/v1/budgets/" + id, body));
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new java.util.ArrayList<>();
    answer.get("rows").forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  @Test
  void aStoreThatIsDownAnswers503WhileSpendStillAnswers() throws Exception {
    store.down = true;
    for (String[] call : new String[][] {{"fin", "GET", "/v1/budgets"}, {"dev", "GET", "/v1/budgets/status"}, {"fin", "GET", "/v1/budgets/x"},
        {"adm", "DELETE", "/v1/budgets/x"}}) {
      HttpResponse<String> r = send(call[0], call[1], call[2], null);
      assertThat(r.statusCode()).as(call[2]).isEqualTo(503);
      assertThat(json.readTree(r.body()).get("error").asText()).isEqualTo("budget store unavailable");
      assertThat(r.headers().firstValue("Retry-After")).contains("5");
    }
    HttpResponse<String> put = send("adm", "PUT", "/v1/budgets/x", "{\"scope\": \"org\", \"period\": \"month\", \"limit_usd\": 5}");
    assertThat(put.statusCode()).isEqualTo(503);
    assertThat(put.body()).doesNotContain("Kafka");
    assertThat(send("dev", "GET", "/v1/spend", null).statusCode()).isEqualTo(200);
  }
}
