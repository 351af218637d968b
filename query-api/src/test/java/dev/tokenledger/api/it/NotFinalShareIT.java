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
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
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
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The share of spend that is not provider-final on the real warehouse: events labelled EXACT, ESTIMATED,
 * LOWER_BOUND and a label no code knows yet, written through the shipped migrations (so the rollups come
 * from the V010 view), answered by the whole API per role, checked exactly against sums computed here
 * from the seeded events themselves, and the rollup plan against the events plan.
 */
class NotFinalShareIT {

  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, session_id, input_tokens,"
      + " cost_total, accuracy, version) FORMAT TabSeparated";
  private static final String[] LABELS = {"EXACT", "ESTIMATED", "LOWER_BOUND", "EXACT", "SOME_FUTURE_LABEL", "EXACT"};
  /** user, org, team. */
  private static final String[][] USERS = {
      {"alice", "acme", "platform"}, {"bob", "acme", "platform"}, {"carol", "acme", "data"}, {"gil", "globex", "platform"}};

  private record Seeded(String org, String user, String team, String day, String accuracy, BigDecimal cost) {
    boolean notFinal() {
      return !accuracy.equals("EXACT");
    }
  }

  private static final List<Seeded> SEEDED = new ArrayList<>();
  private static TestDatabase db;
  private static ApiServer server;
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    db = TestDatabase.migrated("tl_api_notfinal_it");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 240; i++) {
      String[] u = USERS[i % USERS.length];
      String day = String.format("2026-11-%02d", 1 + (i * 7) % 30);
      String accuracy = LABELS[(i / USERS.length) % LABELS.length];
      BigDecimal cost = new BigDecimal(i * 37 + 11).movePointLeft(4).add(new BigDecimal("0.000000007"));
      SEEDED.add(new Seeded(u[1], u[0], u[2], day, accuracy, cost));
      rows.append(String.join("\t", "ev-" + i, u[1], day + " 12:00:00", "0", day, "2026-11-02", "2026-11-01", "CLAUDE_CODE",
          "anthropic", "m" + (i % 2), "m" + (i % 2), u[0], u[2], "github.com/" + u[1] + "/p", u[0] + "-s", "100",
          cost.toPlainString(), accuracy, "1")).append('\n');
    }
    // a free request (cost 0) of a user of its own: its share is null, not a division by zero
    rows.append(String.join("\t", "ev-free", "acme", "2026-11-05 12:00:00", "0", "2026-11-05", "2026-11-02", "2026-11-01",
        "CLAUDE_CODE", "anthropic", "m0", "m0", "dora", "free", "github.com/acme/p", "dora-s", "1", "0", "ESTIMATED", "1")).append('\n');
    SEEDED.add(new Seeded("acme", "dora", "free", "2026-11-05", "ESTIMATED", BigDecimal.ZERO));
    db.client().insert(INSERT, rows.toString().getBytes(StandardCharsets.UTF_8));

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore writableStore = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(writableStore, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("developer", issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("manager", issuer.issue("acme", "bob", "", Set.of("platform"), Role.MANAGER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("finance", issuer.issue("acme", "erin", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());
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

  private static HttpResponse<String> get(String role, String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + TOKENS.get(role)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String role, String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(role, pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** key -> "cost not_final share" of an answer's rows (share as answered, "null" when absent). */
  private static Map<String, String> answer(JsonNode body, String key) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode row : body.get("rows")) {
      out.put(key == null ? "" : row.get(key).asText(), plain(row.get("cost_usd").asText()) + " "
          + plain(row.get("not_final_cost_usd").asText()) + " " + row.get("not_final_share").asText());
    }
    return out;
  }

  /** The same computed from the seeded events: key -> "cost not_final share". */
  private static Map<String, String> expected(Predicate<Seeded> scope, Function<Seeded, String> key) {
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (Seeded s : SEEDED) {
      if (scope.test(s)) {
        BigDecimal[] sum = sums.computeIfAbsent(key.apply(s), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(s.cost());
        sum[1] = sum[1].add(s.notFinal() ? s.cost() : BigDecimal.ZERO);
      }
    }
    Map<String, String> out = new TreeMap<>();
    sums.forEach((k, sum) -> out.put(k, plain(sum[0].toPlainString()) + " " + plain(sum[1].toPlainString()) + " "
        + (sum[0].signum() == 0 ? "null" : sum[1].divide(sum[0], 6, RoundingMode.HALF_EVEN).toPlainString())));
    return out;
  }

  private static String plain(String decimal) {
    return new BigDecimal(decimal).stripTrailingZeros().toPlainString();
  }

  private static final Predicate<Seeded> ACME = s -> s.org().equals("acme");

  @Test
  void totalsRowsAndLabelsEqualTheSeededEventsFromTheRollupsAndTheEvents() throws Exception {
    Map<String, String> total = expected(ACME, s -> "");
    assertThat(total.get("")).doesNotContain(" 0 ").doesNotEndWith("null");
    assertThat(answer(json("finance", "/v1/spend?month=2026-11"), null)).isEqualTo(total);
    // the same total from the events (sessions force them) must agree to the last digit
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&sessions=true"), null)).isEqualTo(total);

    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=team"), "team")).isEqualTo(expected(ACME, Seeded::team));
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=team&sessions=true"), "team"))
        .isEqualTo(expected(ACME, Seeded::team));
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=user"), "user")).isEqualTo(expected(ACME, Seeded::user));

    // per label: every label but EXACT is entirely not final, including one no code knows
    Map<String, String> labels = expected(ACME, Seeded::accuracy);
    assertThat(labels).containsKeys("EXACT", "ESTIMATED", "LOWER_BOUND", "SOME_FUTURE_LABEL");
    assertThat(labels.get("EXACT")).endsWith(" 0 0.000000");
    assertThat(labels.get("LOWER_BOUND")).endsWith(" 1.000000");
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=accuracy"), "accuracy")).isEqualTo(labels);
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=accuracy&sessions=true"), "accuracy")).isEqualTo(labels);

    // a free row has no share
    assertThat(answer(json("finance", "/v1/spend?month=2026-11&group_by=team&team=free"), "team"))
        .containsExactly(Map.entry("free", "0 0 null"));
  }

  @Test
  void everyRoleSeesTheNotFinalSpendOfItsOwnScopeOnly() throws Exception {
    assertThat(answer(json("developer", "/v1/spend?month=2026-11"), null))
        .isEqualTo(expected(s -> s.user().equals("alice") && ACME.test(s), s -> ""));
    assertThat(answer(json("developer", "/v1/spend?month=2026-11&group_by=accuracy"), "accuracy"))
        .isEqualTo(expected(s -> s.user().equals("alice") && ACME.test(s), Seeded::accuracy));
    assertThat(answer(json("manager", "/v1/spend?month=2026-11&group_by=accuracy"), "accuracy"))
        .isEqualTo(expected(s -> s.team().equals("platform") && ACME.test(s), Seeded::accuracy));
    assertThat(answer(json("globex", "/v1/spend?month=2026-11"), null))
        .isEqualTo(expected(s -> s.org().equals("globex"), s -> ""));
    assertThat(get("developer", "/v1/spend?month=2026-11&group_by=accuracy&user=bob").statusCode()).isEqualTo(403);
    assertThat(get("manager", "/v1/spend?month=2026-11&group_by=accuracy&team=data").statusCode()).isEqualTo(403);
  }

  @Test
  void csvCarriesTheColumnsAndChargebackTheRows() throws Exception {
    String[] csv = get("finance", "/v1/spend?month=2026-11&format=csv").body().split("\r\n");
    assertThat(csv[0]).endsWith(",cost_usd,cache_savings_usd,not_final_cost_usd,not_final_share");
    String[] total = expected(ACME, s -> "").get("").split(" ");
    String[] cells = csv[1].split(",");
    assertThat(plain(cells[cells.length - 2])).isEqualTo(total[1]);
    assertThat(cells[cells.length - 1]).isEqualTo(total[2]);
    assertThat(answer(json("finance", "/v1/chargeback?month=2026-11&by=team"), "team")).isEqualTo(expected(ACME, Seeded::team));
  }
}
