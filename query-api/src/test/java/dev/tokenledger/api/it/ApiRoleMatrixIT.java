package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseEfficiencyRepository;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.EfficiencyTable;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.cli.Authentication;
import dev.tokenledger.api.config.AuthSettings;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.http.ApiServer;
import dev.tokenledger.api.http.ApiServices;
import dev.tokenledger.api.http.HttpOptions;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole API on the real warehouse: real tokens in {@code api_tokens}, the real planner over seeded
 * events of two organisations. Each endpoint's numbers equal independent SQL over
 * {@code usage_events FINAL}; a role matrix over every grouping and a set of hostile filters shows that
 * no combination lets a developer read another user's spend, a manager another team's, or anyone another
 * organisation's; injection and oversized requests fail safely and change nothing.
 */
class ApiRoleMatrixIT {

  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, host, team, cost_centre, project_id, branch, session_id,"
      + " agent_name, agent_role, input_tokens, output_tokens, cache_read_tokens, tool_names, cost_total, cache_savings, version)"
      + " FORMAT TabSeparated";
  /** user, org, team, cost centre. */
  private static final String[][] USERS = {
      {"alice", "acme", "platform", "cc-eng"}, {"bob", "acme", "platform", "cc-eng"}, {"carol", "acme", "data", "cc-data"},
      {"dan", "acme", "sales", "cc-sales"}, {"gil", "globex", "platform", "cc-eng"}};

  private static TestDatabase db;
  private static ApiServer server;
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    db = TestDatabase.migrated("tl_api_roles_it");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      String[] u = USERS[i % USERS.length];
      int day = 1 + (i * 7) % 30;
      String time = String.format("2026-11-%02d %02d:%02d:00", day, (i * 5) % 24, i % 60);
      String dayText = String.format("2026-11-%02d", day);
      String session = u[0] + "-s" + (i % 3);
      rows.append(String.join("\t", "ev-" + i, u[1], time, "0", dayText, "2026-11-02", "2026-11-01", i % 4 == 0 ? "CODEX_CLI" : "CLAUDE_CODE",
          i % 4 == 0 ? "openai" : "anthropic", "m" + (i % 3), "m" + (i % 3), u[0], "h-" + u[0], u[2], u[3], "github.com/" + u[1] + "/p" + (i % 4),
          i % 2 == 0 ? "main" : "feat", session, i % 5 == 0 ? "reviewer" : "", i % 5 == 0 ? "subagent" : "main",
          Integer.toString(100 + i), Integer.toString(10 + i % 7), Integer.toString(i % 11 * 100), i % 3 == 0 ? "['Bash','Read']" : "['Edit']",
          new BigDecimal(i).movePointLeft(3).add(new BigDecimal("0.000000123")).toPlainString(), new BigDecimal(i % 9).movePointLeft(4).toPlainString(),
          "1")).append('\n');
    }
    db.client().insert(INSERT, rows.toString().getBytes(StandardCharsets.UTF_8));

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore writableStore = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(writableStore, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("developer", issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("manager", issuer.issue("acme", "bob", "", Set.of("platform", "data"), Role.MANAGER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("finance", issuer.issue("acme", "erin", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());
    TOKENS.put("admin", issuer.issue("acme", "root", "", Set.of(), Role.ADMIN, "", "it", Optional.empty()).plaintext());
    TOKENS.put("globex", issuer.issue("globex", "gil", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());

    Authentication auth = Authentication.from(new AuthSettings(Duration.ofSeconds(30), Optional.empty()), reader, Clock.systemUTC());
    ClickHouseSpendRepository spend = ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS);
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), auth.authenticator(), writableStore,
        spend, ZoneId.of("UTC"), Duration.ofHours(25), Clock.systemUTC(),
        () -> true, new ClickHouseEfficiencyRepository(spend, EfficiencyTable.in(db.name()), Clock.systemUTC()),
        EfficiencySettings.DEFAULTS).server();
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    db.close();
  }

  static HttpResponse<String> get(String role, String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + TOKENS.get(role)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String role, String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(role, pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** key columns joined by '|' -> "requests cost" of an answer's rows. */
  static Map<String, String> answer(JsonNode body, String... keys) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode row : body.get("rows")) {
      List<String> k = new ArrayList<>();
      for (String key : keys) {
        k.add(row.get(key).asText());
      }
      out.put(String.join("|", k), row.get("requests").asLong() + " " + new BigDecimal(row.get("cost_usd").asText()).stripTrailingZeros().toPlainString());
    }
    return out;
  }

  /** The same from independent SQL: {@code keys} are SQL expressions, output in the same form. */
  static Map<String, String> sql(String where, String... keys) {
    String k = keys.length == 0 ? "'' AS k" : keys.length == 1 ? "toString(" + keys[0] + ") AS k"
        : "concat(" + String.join(", '|', ", keys) + ") AS k";
    Map<String, String> out = new TreeMap<>();
    for (Map<String, String> r : db.rows("SELECT " + k + ", count() AS n, toString(sum(cost_total)) AS c FROM usage_events FINAL WHERE "
        + where + " GROUP BY k")) {
      out.put(r.get("k"), r.get("n") + " " + new BigDecimal(r.get("c")).stripTrailingZeros().toPlainString());
    }
    return out;
  }

  @Test
  void everyEndpointsNumbersEqualIndependentSql() throws Exception {
    String nov = "org_id = 'acme' AND event_day >= '2026-11-01' AND event_day < '2026-12-01'";
    assertThat(answer(json("finance", "/v1/spend?group_by=team&granularity=month&month=2026-11"), "period", "team"))
        .isEqualTo(sql(nov, "toString(event_month)", "team"));
    assertThat(answer(json("finance", "/v1/spend?group_by=user&granularity=day&month=2026-11&limit=10000"), "period", "user"))
        .isEqualTo(sql(nov, "toString(event_day)", "user_id"));
    assertThat(answer(json("finance", "/v1/spend?group_by=team,model&granularity=week&month=2026-11"), "period", "team", "model"))
        .isEqualTo(sql(nov, "toString(event_week)", "team", "normalized_model"));
    assertThat(answer(json("finance", "/v1/spend?group_by=tool&month=2026-11"), "tool"))
        .isEqualTo(sql(nov + " AND 1", "arrayJoin(tool_names)"));
    for (String[] by : new String[][] {{"cost_centre", "cost_centre"}, {"team", "team"}, {"project", "project_id"}}) {
      JsonNode cb = json("finance", "/v1/chargeback?month=2026-11&by=" + by[0]);
      assertThat(answer(cb, by[0])).as(by[0]).isEqualTo(sql(nov, by[1]));
      assertThat(cb.get("closed").asBoolean()).isTrue();
      BigDecimal savings = BigDecimal.ZERO;
      for (JsonNode row : cb.get("rows")) {
        savings = savings.add(new BigDecimal(row.get("cache_savings_usd").asText()));
      }
      assertThat(savings).isEqualByComparingTo(db.rows("SELECT toString(sum(cache_savings)) AS s FROM usage_events FINAL WHERE " + nov
          + "").get(0).get("s"));
    }
    JsonNode session = json("developer", "/v1/sessions/alice-s1?limit=5");
    Map<String, String> expected = sql("session_id = 'alice-s1'");
    assertThat(session.get("session").get("requests").asLong() + " "
        + new BigDecimal(session.get("session").get("cost_usd").asText()).stripTrailingZeros().toPlainString()).isEqualTo(expected.get(""));
    assertThat(session.get("rows")).hasSize(5);
    assertThat(session.get("truncated").asBoolean()).isTrue();
    String csv = get("finance", "/v1/chargeback?month=2026-11&by=team&format=csv").body();
    assertThat(csv.split("\r\n")).hasSize(1 + sql(nov, "team").size());
  }

  @Test
  void noParameterCombinationLetsARoleReachPastItsScope() throws Exception {
    Map<String, String> scope = Map.of(
        "developer", "org_id = 'acme' AND user_id = 'alice'",
        "manager", "org_id = 'acme' AND team IN ('platform', 'data')",
        "finance", "org_id = 'acme'",
        "globex", "org_id = 'globex'");
    List<String> filters = List.of("", "user=bob", "user=alice", "user=gil", "team=sales", "team=platform", "org=globex", "org=acme",
        "host=h-bob", "session=bob-s1", "session=alice-s1", "user=alice&user=bob", "team=platform&team=sales", "cost_centre=cc-sales");
    int answered = 0;
    int refused = 0;
    for (Map.Entry<String, String> role : scope.entrySet()) {
      for (Dimension d : Dimension.values()) {
        for (String filter : filters) {
          String q = "/v1/spend?month=2026-11&limit=10000&group_by=" + d.wireName() + (filter.isEmpty() ? "" : "&" + filter);
          HttpResponse<String> r = get(role.getKey(), q);
          if (r.statusCode() == 403) {
            refused++;
            continue;
          }
          assertThat(r.statusCode()).as(role.getKey() + " " + q + ": " + r.body()).isEqualTo(200);
          answered++;
          String where = role.getValue() + " AND event_day >= '2026-11-01' AND event_day < '2026-12-01'" + sqlFilter(filter);
          if (d.multiValued()) {
            continue;
          }
          BigDecimal total = BigDecimal.ZERO;
          for (JsonNode row : JSON.readTree(r.body()).get("rows")) {
            total = total.add(new BigDecimal(row.get("cost_usd").asText()));
          }
          String expected = sql(where).getOrDefault("", "0 0").split(" ")[1];
          assertThat(total).as(role.getKey() + " " + q).isEqualByComparingTo(expected);
          if (d == Dimension.USER || d == Dimension.HOST || d == Dimension.SESSION || d == Dimension.ORG || d == Dimension.TEAM) {
            Set<String> allowed = sql(where, columnOf(d)).keySet();
            for (JsonNode row : JSON.readTree(r.body()).get("rows")) {
              assertThat(allowed).as(role.getKey() + " " + q).contains(row.get(d.wireName()).asText());
            }
          }
        }
      }
    }
    assertThat(answered).isGreaterThan(100);
    assertThat(refused).isGreaterThan(50);
    assertThat(get("developer", "/v1/spend?user=bob").statusCode()).isEqualTo(403);
    assertThat(get("manager", "/v1/spend?team=sales").statusCode()).isEqualTo(403);
    assertThat(get("finance", "/v1/spend?org=globex").statusCode()).isEqualTo(403);
    assertThat(get("developer", "/v1/sessions/bob-s1").statusCode()).isEqualTo(404);
    assertThat(get("manager", "/v1/sessions/dan-s1").statusCode()).isEqualTo(404);
    assertThat(get("finance", "/v1/sessions/gil-s1").statusCode()).isEqualTo(404);
    assertThat(get("globex", "/v1/sessions/gil-s1").statusCode()).isEqualTo(200);
    assertThat(get("finance", "/v1/tokens").statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(get("admin", "/v1/tokens").body()).get("rows")).hasSize(4);
  }

  /** /v1/efficiency under the same roles and hostile filters: refused, or the calls and cost of exactly the role's scope. */
  @Test
  void efficiencyAnswersStayWithinEachRolesScope() throws Exception {
    Map<String, String> scope = Map.of(
        "developer", "org_id = 'acme' AND user_id = 'alice'",
        "manager", "org_id = 'acme' AND team IN ('platform', 'data')",
        "finance", "org_id = 'acme'",
        "globex", "org_id = 'globex'");
    List<String> filters = List.of("", "user=bob", "user=alice", "user=gil", "team=sales", "team=platform", "org=globex", "org=acme",
        "host=h-bob", "session=bob-s1", "session=alice-s1", "user=alice&user=bob", "team=platform&team=sales", "cost_centre=cc-sales",
        "model=m1", "agent=reviewer");
    int answered = 0;
    int refused = 0;
    for (Map.Entry<String, String> role : scope.entrySet()) {
      for (String filter : filters) {
        String q = "/v1/efficiency?month=2026-11" + (filter.isEmpty() ? "" : "&" + filter);
        HttpResponse<String> r = get(role.getKey(), q);
        if (r.statusCode() == 403) {
          refused++;
          continue;
        }
        assertThat(r.statusCode()).as(role.getKey() + " " + q + ": " + r.body()).isEqualTo(200);
        answered++;
        String where = role.getValue() + " AND event_time >= '2026-11-01 00:00:00' AND event_time < '2026-12-01 00:00:00'" + sqlFilter(filter);
        JsonNode activity = JSON.readTree(r.body()).get("activity");
        String got = activity.get("calls").asLong() + " " + new BigDecimal(activity.get("cost_usd").asText()).stripTrailingZeros().toPlainString();
        assertThat(got).as(role.getKey() + " " + q).isEqualTo(sql(where).getOrDefault("", "0 0"));
      }
    }
    // developer: user=bob, user=gil, org=globex, user=alice&user=bob; manager: team=sales, org=globex, team=platform&team=sales;
    // finance: org=globex; globex: org=acme
    assertThat(refused).isEqualTo(9);
    assertThat(answered).isEqualTo(4 * filters.size() - 9);
    JsonNode injected = json("finance", "/v1/efficiency?month=2026-11&team=" + URLEncoder.encode("x' OR '1'='1", StandardCharsets.UTF_8));
    assertThat(injected.get("activity").get("calls").asLong()).isZero();
  }

  @Test
  void injectionAndOversizedRequestsFailSafelyAndChangeNothing() throws Exception {
    String before = db.rows("SELECT count() AS n FROM usage_events").get(0).get("n");
    for (String value : List.of("x' OR '1'='1", "x\\' OR 1=1 --", "'); DROP TABLE usage_events; --", "platform' UNION ALL SELECT 1 --")) {
      JsonNode body = json("finance", "/v1/spend?group_by=team&team=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      assertThat(body.get("rows")).as(value).isEmpty();
    }
    assertThat(get("finance", "/v1/spend?group_by=" + URLEncoder.encode("team); DROP TABLE usage_events; --", StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(400);
    assertThat(get("finance", "/v1/sessions/" + URLEncoder.encode("x' OR '1'='1", StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    assertThat(get("finance", "/v1/spend?team=" + "a".repeat(30_000)).statusCode()).isIn(400, 414, 431);
    assertThat(get("finance", "/v1/spend?from=-999999999-01-01").statusCode()).isEqualTo(400);
    assertThat(get("finance", "/v1/spend?from=2000-01-01&to=2099-01-01").statusCode()).isEqualTo(400);
    assertThat(db.rows("SELECT count() AS n FROM usage_events").get(0).get("n")).isEqualTo(before);
  }

  private static String sqlFilter(String filter) {
    if (filter.isEmpty()) {
      return "";
    }
    Map<String, List<String>> values = new TreeMap<>();
    for (String kv : filter.split("&")) {
      String[] p = kv.split("=");
      values.computeIfAbsent(p[0], x -> new ArrayList<>()).add("'" + p[1] + "'");
    }
    StringBuilder out = new StringBuilder();
    values.forEach((k, v) -> out.append(" AND ").append(columnOf(Dimension.parse(k))).append(" IN (").append(String.join(", ", v)).append(")"));
    return out.toString();
  }

  private static String columnOf(Dimension d) {
    return switch (d) {
      case ORG -> "org_id";
      case USER -> "user_id";
      case PROJECT -> "project_id";
      case SESSION -> "session_id";
      case MODEL -> "normalized_model";
      case AGENT -> "agent_name";
      default -> d.wireName();
    };
  }
}
