package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.cli.Authentication;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseEfficiencyRepository;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.EfficiencyTable;
import dev.tokenledger.api.clickhouse.QueryLimits;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/efficiency} on the real warehouse: events of a dedicated organisation with known values
 * (generated from a fixed seed, one of them inserted twice, another organisation's events at the same
 * times) and every figure of the answer compared with an independent computation over the seeded list in
 * plain Java — sums, distinct counts, medians, shares, quotients and the smells' values — for several
 * roles, a filter, another time zone and an empty range.
 */
class EfficiencyApiIT {

  private static final String ORG = "effco";
  private static final String OTHER_ORG = "otherco";
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, session_id, agent_name, agent_role,"
      + " workflow_step, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens,"
      + " tool_names, tool_mcp_servers, long_context_tier, cost_total, cache_savings, version) FORMAT TabSeparated";
  private static final String INSERT_INVENTORY = "INSERT INTO mcp_inventory (org_id, user_id, host, team, source, server, observed_time,"
      + " version) FORMAT TabSeparated";
  /** The API's clock: the zombie window ends at the range's end or now, whichever is first. */
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  /** Thresholds low enough for the small seed to show every per-call smell. */
  private static final EfficiencySettings SETTINGS = new EfficiencySettings(new BigDecimal("0.70"), new BigDecimal("3"), 30, 4, 20, 50,
      150, 5, 1000, new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("0.25"), 30);

  /** One seeded event, as the warehouse holds it after deduplication. */
  record Seed(String id, String org, String user, String team, Instant time, String session, String agent, String step, String model,
      long input, long output, long cw5m, long cw1h, long cacheRead, boolean longContext, List<String> tools, List<String> mcp,
      BigDecimal cost, BigDecimal savings) {}

  /** One MCP inventory report: a server name configured by a user, as the agent saw it at {@code observed}. */
  record Inventory(String org, String user, String team, String server, Instant observed) {}

  /** One commit an agent saw, as written to session_commits (several versions of one hash collapse to the highest). */
  record Commit(String org, String hash, String session, String user, String team, Instant time, long added, long removed, int version) {}

  private static final String INSERT_COMMITS = "INSERT INTO session_commits (org_id, project_id, commit_hash, session_id, user_id, team,"
      + " branch, source, commit_time, lines_added, lines_removed, files_changed, observed_time, version) FORMAT TabSeparated";

  private static final List<Seed> SEEDS = new ArrayList<>();
  private static final List<Commit> COMMITS = new ArrayList<>();
  private static final List<Inventory> INVENTORY = List.of(
      new Inventory(ORG, "alice", "platform", "github", Instant.parse("2026-11-20T10:00:00Z")),
      new Inventory(ORG, "alice", "platform", "zen", Instant.parse("2026-11-20T10:00:00Z")),
      new Inventory(ORG, "alice", "platform", "context7", Instant.parse("2026-11-20T10:00:00Z")),
      new Inventory(ORG, "alice", "platform", "zen", Instant.parse("2026-11-02T10:00:00Z")),
      new Inventory(ORG, "bob", "platform", "zen", Instant.parse("2026-11-10T08:00:00Z")),
      new Inventory(ORG, "bob", "platform", "github", Instant.parse("2026-11-10T08:00:00Z")),
      new Inventory(ORG, "carol", "data", "context7", Instant.parse("2026-10-05T09:00:00Z")),
      new Inventory(ORG, "carol", "data", "github", Instant.parse("2026-11-18T09:00:00Z")),
      new Inventory(OTHER_ORG, "olga", "platform", "forgotten", Instant.parse("2026-11-18T09:00:00Z")));
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase db;
  private static ApiServer server;

  @BeforeAll
  static void start() {
    db = TestDatabase.migrated("tl_api_efficiency_it");
    seed();
    StringBuilder rows = new StringBuilder();
    for (Seed s : SEEDS) {
      rows.append(row(s, 1));
    }
    rows.append(row(SEEDS.get(3), 2)); // the same event again, a later version: counted once
    db.client().insert(INSERT, rows.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder commits = new StringBuilder();
    for (Commit c : COMMITS) {
      commits.append(String.join("\t", c.org(), "github.com/effco/app", c.hash(), c.session(), c.user(), c.team(), "main", "CLAUDE_CODE",
          TIME.format(c.time()), Long.toString(c.added()), Long.toString(c.removed()), "1", TIME.format(c.time()),
          Integer.toString(c.version()))).append('\n');
    }
    db.client().insert(INSERT_COMMITS, commits.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder inventory = new StringBuilder();
    for (Inventory i : INVENTORY) {
      inventory.append(String.join("\t", i.org(), i.user(), "h-" + i.user(), i.team(), "CLAUDE_CODE", i.server(), TIME.format(i.observed()),
          Long.toString(i.observed().getEpochSecond()))).append('\n');
    }
    db.client().insert(INSERT_INVENTORY, inventory.toString().getBytes(StandardCharsets.UTF_8));

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore store = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(store, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("finance", issuer.issue(ORG, "erin", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());
    TOKENS.put("developer", issuer.issue(ORG, "alice", "", Set.of(), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("manager", issuer.issue(ORG, "dora", "", Set.of("data"), Role.MANAGER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("other", issuer.issue(OTHER_ORG, "olga", "", Set.of(), Role.FINANCE, "", "it", Optional.empty()).plaintext());
    Authentication auth = Authentication.from(new AuthSettings(Duration.ofSeconds(30), Optional.empty()), reader, Clock.systemUTC());
    ClickHouseSpendRepository spend = ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS);
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), auth.authenticator(), store, spend, ZoneId.of("UTC"), Duration.ofHours(25),
        Clock.systemUTC(), () -> true,
        new ClickHouseEfficiencyRepository(spend, EfficiencyTable.in(db.name()), Clock.fixed(NOW, ZoneOffset.UTC)), SETTINGS).server();
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /**
   * Three users with sessions from mid-October (the outlier baseline) to the end of November; alice's
   * eighth session costs two hundred times her usual; two models, the dear one often on trivial turns; many
   * cache writes, few reads; some long-context calls; events one minute apart or in the same minute;
   * events without a session; events around midnight of the month's edges; the same for another org.
   */
  private static void seed() {
    Random random = new Random(20261207L);
    String[][] users = {{"alice", "platform"}, {"bob", "platform"}, {"carol", "data"}};
    String[] agents = {"", "", "reviewer", "planner"};
    String[] steps = {"plan", "implement", "implement", "test", ""};
    int n = 0;
    for (String org : List.of(ORG, OTHER_ORG)) {
      for (String[] u : users) {
        for (int k = 0; k < 12; k++) {
          Instant start = Instant.parse("2026-10-16T08:00:00Z").plus(k * 4L, ChronoUnit.DAYS).plus(random.nextInt(600), ChronoUnit.MINUTES);
          String session = org + "-" + u[0] + "-s" + k;
          int events = 3 + random.nextInt(6);
          Instant t = start;
          for (int e = 0; e < events; e++) {
            boolean dear = random.nextInt(10) < 6;
            // github is called all along, context7 only in the first sessions (October), zen never
            String server = random.nextInt(3) == 0 ? "github" : k < 2 && random.nextBoolean() ? "context7" : "";
            boolean trivial = dear && random.nextBoolean();
            BigDecimal cost = new BigDecimal(1_000_000L + random.nextInt(dear ? 400_000_000 : 40_000_000)).movePointLeft(9);
            if (u[0].equals("alice") && k == 8) {
              cost = cost.multiply(BigDecimal.valueOf(200));
            }
            SEEDS.add(new Seed("ev-" + n++, org, u[0], u[1], t, session, agents[random.nextInt(agents.length)],
                steps[random.nextInt(steps.length)], dear ? "opus" : "haiku", 100 + random.nextInt(5000),
                trivial ? 1 + random.nextInt(150) : 151 + random.nextInt(4000), random.nextInt(20_000), random.nextInt(3) == 0 ? random.nextInt(5000) : 0,
                random.nextInt(4000), random.nextInt(7) == 0, trivial ? List.of() : server.isEmpty() ? List.of("Bash") : List.of("Bash", "mcp__" + server + "__call"),
                trivial ? List.of() : server.isEmpty() ? List.of("") : List.of("", server),
                cost, new BigDecimal(random.nextInt(9_000_000)).movePointLeft(9)));
            t = t.plusSeconds(random.nextInt(3) == 0 ? 5 : 60 + random.nextInt(400));
          }
          // the agent saw 1-2 commits in two of three sessions of the organisation (the other has none)
          if (org.equals(ORG) && k % 3 != 0) {
            for (int c = 0; c <= random.nextInt(2); c++) {
              COMMITS.add(new Commit(org, "c-" + session + "-" + c, session, u[0], u[1], start.plusSeconds(90L * (c + 1)),
                  random.nextInt(300), random.nextInt(80), 1));
            }
          }
        }
      }
      // no session; the edges of November in UTC and in Berlin
      SEEDS.add(new Seed("ev-" + n++, org, "bob", "platform", Instant.parse("2026-11-10T12:00:30Z"), "", "", "", "haiku", 10, 20, 0, 0, 0,
          false, List.of(), List.of(), new BigDecimal("0.010000000"), BigDecimal.ZERO));
      SEEDS.add(new Seed("ev-" + n++, org, "carol", "data", Instant.parse("2026-10-31T23:30:00Z"), org + "-carol-edge1", "", "plan", "opus",
          300, 10, 0, 0, 9000, true, List.of(), List.of(), new BigDecimal("0.123456789"), new BigDecimal("0.05")));
      SEEDS.add(new Seed("ev-" + n++, org, "carol", "data", Instant.parse("2026-11-30T23:30:00Z"), org + "-carol-edge2", "", "test", "haiku",
          300, 400, 100, 0, 0, false, List.of("Read"), List.of(""), new BigDecimal("0.2"), BigDecimal.ZERO));
    }
    COMMITS.add(new Commit(ORG, "c-edge", ORG + "-carol-edge2", "carol", "data", Instant.parse("2026-11-30T23:31:00Z"), 5, 1, 1));
    // the same commit reported again: by another session with a later version (it moves), and with an earlier one (ignored)
    Commit first = COMMITS.get(0);
    COMMITS.add(new Commit(ORG, first.hash(), ORG + "-bob-s5", "bob", "platform", first.time(), first.added(), first.removed(), 2));
    Commit second = COMMITS.get(1);
    COMMITS.add(new Commit(ORG, second.hash(), ORG + "-bob-s6", "bob", "platform", second.time(), 999, 999, 0));
  }

  private static String row(Seed s, int version) {
    String day = LocalDate.ofInstant(s.time(), ZoneOffset.UTC).toString();
    String tools = "[" + String.join(",", s.tools().stream().map(x -> "'" + x + "'").toList()) + "]";
    String servers = "[" + String.join(",", s.mcp().stream().map(x -> "'" + x + "'").toList()) + "]";
    return String.join("\t", s.id(), s.org(), TIME.format(s.time()), Long.toString(s.time().toEpochMilli()), day, day, day.substring(0, 8) + "01",
        "CLAUDE_CODE", "anthropic", s.model(), s.model(), s.user(), s.team(), "github.com/effco/app", s.session(), s.agent(),
        s.agent().isEmpty() ? "main" : "subagent", s.step(), Long.toString(s.input()), Long.toString(s.output()), Long.toString(s.cw5m()),
        Long.toString(s.cw1h()), Long.toString(s.cacheRead()), "0", tools, servers, s.longContext() ? "1" : "0", s.cost().toPlainString(),
        s.savings().toPlainString(), Integer.toString(version)) + "\n";
  }

  @Test
  void everyFigureEqualsAnIndependentComputationForEachRoleFilterAndZone() throws Exception {
    ZoneId utc = ZoneId.of("UTC");
    Predicate<Seed> org = s -> s.org().equals(ORG);
    check("finance", "from=2026-11-01&to=2026-12-01", utc, org, Map.of("org", List.of(ORG)));
    check("developer", "from=2026-11-01&to=2026-12-01", utc, org.and(s -> s.user().equals("alice")),
        Map.of("org", List.of(ORG), "user", List.of("alice")));
    check("manager", "month=2026-11", utc, org.and(s -> s.team().equals("data")), Map.of("org", List.of(ORG), "team", List.of("data")));
    check("finance", "from=2026-11-01&to=2026-12-01&model=opus", utc, org.and(s -> s.model().equals("opus")),
        Map.of("org", List.of(ORG), "model", List.of("opus")));
    check("finance", "from=2026-11-01&to=2026-12-01&tz=Europe/Berlin", ZoneId.of("Europe/Berlin"), org, Map.of("org", List.of(ORG)));
    check("finance", "from=2026-11-05&to=2026-11-20&team=platform", utc, org.and(s -> s.team().equals("platform")),
        Map.of("org", List.of(ORG), "team", List.of("platform")));
  }

  @Test
  void theSeedShowsEverySmellZombieServersAndCommits() throws Exception {
    JsonNode answer = json("finance", "/v1/efficiency?from=2026-11-01&to=2026-12-01");
    List<String> codes = new ArrayList<>();
    answer.get("smells").forEach(s -> codes.add(s.get("code").asText()));
    assertThat(codes).containsExactly("cache_hit_below_target", "cache_writes_without_reads", "frequent_long_context",
        "expensive_model_on_trivial_turns", "session_cost_outliers", "zombie_mcp_servers");
    List<String> zombies = new ArrayList<>();
    answer.get("zombie_mcp_servers").forEach(z -> zombies.add(z.get("server").asText() + ":" + z.get("configured_users").asInt()
        + ":" + (z.get("last_call").isNull() ? "never" : "before")));
    assertThat(zombies).containsExactly("zen:2:never", "context7:1:before");
    assertThat(answer.get("outlier_sessions").get(0).get("session_id").asText()).isEqualTo(ORG + "-alice-s8");
    assertThat(answer.get("commits").get("commits").asLong()).isGreaterThan(5);
    assertThat(answer.get("commits").get("cost_per_changed_line_usd").isNull()).isFalse();
  }

  @Test
  void anEmptyRangeAnswersZerosAndNulls() throws Exception {
    JsonNode answer = json("finance", "/v1/efficiency?month=2026-05");
    assertThat(answer.get("activity").get("calls").asLong()).isZero();
    assertThat(answer.get("activity").get("cost_per_session_usd").isNull()).isTrue();
    assertThat(answer.get("cache").get("hit_ratio").isNull()).isTrue();
    assertThat(answer.get("cache").get("meets_target").isNull()).isTrue();
    assertThat(answer.get("share_by_agent")).isEmpty();
    assertThat(answer.get("smells")).isEmpty();
    assertThat(answer.get("commits").get("collected").asBoolean()).isTrue();
    assertThat(answer.get("commits").get("commits").asLong()).isZero();
    assertThat(answer.get("commits").get("cost_per_commit_usd").isNull()).isTrue();
  }

  @Test
  void anOrganisationWithoutCommitDataSaysSo() throws Exception {
    JsonNode commits = json("other", "/v1/efficiency?month=2026-11").get("commits");
    assertThat(commits.get("collected").asBoolean()).isFalse();
    assertThat(commits.get("commits").asLong()).isZero();
    assertThat(commits.get("cost_usd").isNull()).isTrue();
    assertThat(commits.get("cost_per_commit_usd").isNull()).isTrue();
    // the answer of another organisation is its own
    assertThat(json("other", "/v1/efficiency?month=2026-11").get("activity").get("calls").asLong())
        .isEqualTo(SEEDS.stream().filter(e -> e.org().equals(OTHER_ORG) && e.time().toString().startsWith("2026-11")).count());
  }

  @Test
  void aDeveloperCannotAskForAnotherUser() throws Exception {
    HttpResponse<String> r = get("developer", "/v1/efficiency?month=2026-11&user=bob");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("user");
  }

  // ---------------------------------------------------------------- the independent computation

  private static void check(String role, String params, ZoneId zone, Predicate<Seed> scope, Map<String, List<String>> filters)
      throws Exception {
    JsonNode actual = json(role, "/v1/efficiency?" + params);
    LocalDate from = LocalDate.parse(actual.get("from").asText());
    LocalDate to = LocalDate.parse(actual.get("to").asText());
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant end = to.atStartOfDay(zone).toInstant();
    List<Seed> in = SEEDS.stream().filter(scope).filter(s -> !s.time().isBefore(start) && s.time().isBefore(end)).toList();
    assertThat(in).as(params).isNotEmpty();
    // through text, so numbers compare by value like the parsed answer's
    JsonNode expected = JSON.readTree(JSON.writeValueAsString(expected(in, SEEDS.stream().filter(scope).toList(), from, to, zone, start, end,
        filters)));
    ObjectNode got = ((ObjectNode) actual).deepCopy();
    got.remove("query_id");
    for (JsonNode smell : got.get("smells")) {
      assertThat(smell.get("finding").asText()).contains(smell.get("value").asText());
      assertThat(smell.get("recommendation").asText()).isNotBlank();
      ((ObjectNode) smell).remove(List.of("finding", "recommendation"));
    }
    assertThat(got).as(role + " " + params).isEqualTo(expected);
  }

  private static ObjectNode expected(List<Seed> in, List<Seed> scoped, LocalDate from, LocalDate to, ZoneId zone, Instant start, Instant end,
      Map<String, List<String>> filters) {
    ObjectNode o = JSON.createObjectNode();
    o.put("from", from.toString());
    o.put("to", to.toString());
    o.put("tz", zone.getId());
    ObjectNode f = o.putObject("filters");
    filters.forEach((k, v) -> v.forEach(f.putArray(k)::add));

    long input = sumLong(in, Seed::input);
    long output = sumLong(in, Seed::output);
    long writes = sumLong(in, Seed::cw5m) + sumLong(in, Seed::cw1h);
    long reads = sumLong(in, Seed::cacheRead);
    BigDecimal cost = sum(in, Seed::cost);
    BigDecimal hit = div(BigDecimal.valueOf(reads), BigDecimal.valueOf(input + writes + reads), 4);
    ObjectNode cache = o.putObject("cache");
    put(cache, "hit_ratio", hit);
    cache.put("target", "0.70");
    cache.put("meets_target", hit.compareTo(new BigDecimal("0.70")) >= 0);
    put(cache, "savings_usd", sum(in, Seed::savings).setScale(9));
    cache.put("cache_read_tokens", reads);
    cache.put("cache_write_tokens", writes);
    cache.put("input_tokens", input);

    Set<String> sessions = new HashSet<>();
    Set<String> minutes = new HashSet<>();
    for (Seed s : in) {
      if (!s.session().isEmpty()) {
        sessions.add(s.session());
      }
      minutes.add(s.user() + "@" + s.time().truncatedTo(ChronoUnit.MINUTES));
    }
    ObjectNode activity = o.putObject("activity");
    activity.put("sessions", sessions.size());
    activity.put("calls", in.size());
    put(activity, "cost_usd", cost.setScale(9));
    put(activity, "cost_per_session_usd", div(cost, BigDecimal.valueOf(sessions.size()), 9));
    activity.put("active_minutes", minutes.size());
    put(activity, "cost_per_active_minute_usd", div(cost, BigDecimal.valueOf(minutes.size()), 9));
    put(activity, "tokens_per_call", div(BigDecimal.valueOf(input + output + writes + reads), BigDecimal.valueOf(in.size()), 2));

    // commits: the highest version per hash; made in the range during the question's sessions
    Map<String, Commit> latest = new TreeMap<>();
    for (Commit c : COMMITS) {
      latest.merge(c.org() + "/" + c.hash(), c, (a, b) -> a.version() >= b.version() ? a : b);
    }
    Set<String> inScopeSessions = new HashSet<>(sessions);
    List<Commit> seen = latest.values().stream()
        .filter(c -> filters.get("org").contains(c.org()) && !c.time().isBefore(start) && c.time().isBefore(end)).toList();
    Set<String> commitSessions = new HashSet<>();
    seen.forEach(c -> commitSessions.add(c.session()));
    List<Commit> counted = seen.stream().filter(c -> inScopeSessions.contains(c.session())).toList();
    long added = counted.stream().mapToLong(Commit::added).sum();
    long removed = counted.stream().mapToLong(Commit::removed).sum();
    BigDecimal commitCost = sum(in.stream().filter(e -> commitSessions.contains(e.session())).toList(), Seed::cost);
    ObjectNode commits = o.putObject("commits");
    commits.put("collected", true);
    commits.put("commits", counted.size());
    commits.put("lines_added", added);
    commits.put("lines_removed", removed);
    commits.put("sessions", counted.stream().map(Commit::session).distinct().count());
    put(commits, "cost_usd", commitCost.setScale(9));
    put(commits, "cost_per_commit_usd", div(commitCost, BigDecimal.valueOf(counted.size()), 9));
    put(commits, "cost_per_changed_line_usd", div(commitCost, BigDecimal.valueOf(added + removed), 9));

    List<ObjectNode> outliers = outliers(scoped, start, end, from.minusDays(30).atStartOfDay(zone).toInstant());
    ArrayNode outlierArray = o.putArray("outlier_sessions");
    outliers.forEach(outlierArray::add);
    shares(o.putArray("share_by_agent"), "agent", in, Seed::agent, cost);
    shares(o.putArray("share_by_workflow_step"), "workflow_step", in, Seed::step, cost);
    zombies(o.putArray("zombie_mcp_servers"), end, filters);

    ArrayNode smells = o.putArray("smells");
    if (in.size() >= 5 && hit.compareTo(new BigDecimal("0.70")) < 0) {
      smell(smells, "cache_hit_below_target", "warning", hit, "0.70");
    }
    if (writes >= 1000 && reads < writes) {
      smell(smells, "cache_writes_without_reads", "warning", div(BigDecimal.valueOf(reads), BigDecimal.valueOf(writes), 4), "1");
    }
    long longContext = in.stream().filter(Seed::longContext).count();
    BigDecimal longShare = div(BigDecimal.valueOf(longContext), BigDecimal.valueOf(in.size()), 4);
    if (longContext > 0 && in.size() >= 5 && longShare.compareTo(new BigDecimal("0.10")) >= 0) {
      smell(smells, "frequent_long_context", "warning", longShare, "0.10");
    }
    Map<String, List<Seed>> byModel = new TreeMap<>();
    in.forEach(s -> byModel.computeIfAbsent(s.model(), m -> new ArrayList<>()).add(s));
    if (byModel.size() >= 2) {
      String dearest = null;
      BigDecimal dearestRate = null;
      for (Map.Entry<String, List<Seed>> m : byModel.entrySet()) {
        long tokens = m.getValue().stream().mapToLong(s -> s.input() + s.output() + s.cw5m() + s.cw1h() + s.cacheRead()).sum();
        BigDecimal rate = div(sum(m.getValue(), Seed::cost).multiply(BigDecimal.valueOf(1_000_000)), BigDecimal.valueOf(tokens), 4);
        if (dearestRate == null || rate.compareTo(dearestRate) > 0) {
          dearest = m.getKey();
          dearestRate = rate;
        }
      }
      List<Seed> calls = byModel.get(dearest);
      long trivial = calls.stream().filter(s -> s.output() <= 150 && s.tools().isEmpty()).count();
      BigDecimal share = div(BigDecimal.valueOf(trivial), BigDecimal.valueOf(calls.size()), 4);
      if (calls.size() >= 5 && trivial > 0 && share.compareTo(new BigDecimal("0.25")) >= 0) {
        smell(smells, "expensive_model_on_trivial_turns", "warning", share, "0.25");
      }
    }
    if (!outliers.isEmpty()) {
      smell(smells, "session_cost_outliers", "info", BigDecimal.valueOf(outliers.size()), "3");
    }
    if (!o.get("zombie_mcp_servers").isEmpty()) {
      smell(smells, "zombie_mcp_servers", "info", BigDecimal.valueOf(o.get("zombie_mcp_servers").size()), "30");
    }
    return o;
  }

  /** Per (user, session) in [baseline, end): median per user, outliers among the sessions started from {@code start}. */
  private static List<ObjectNode> outliers(List<Seed> scoped, Instant start, Instant end, Instant baseline) {
    Map<List<String>, List<Seed>> bySession = new LinkedHashMap<>();
    for (Seed s : scoped) {
      if (!s.session().isEmpty() && !s.time().isBefore(baseline) && s.time().isBefore(end)) {
        bySession.computeIfAbsent(List.of(s.user(), s.session()), k -> new ArrayList<>()).add(s);
      }
    }
    Map<String, List<BigDecimal>> costsByUser = new TreeMap<>();
    bySession.forEach((k, events) -> costsByUser.computeIfAbsent(k.get(0), u -> new ArrayList<>()).add(sum(events, Seed::cost)));
    List<Object[]> found = new ArrayList<>();
    bySession.forEach((k, events) -> {
      List<BigDecimal> costs = new ArrayList<>(costsByUser.get(k.get(0)));
      if (costs.size() < 4) {
        return;
      }
      costs.sort(Comparator.naturalOrder());
      int n = costs.size();
      BigDecimal median = (n % 2 == 1 ? costs.get(n / 2) : costs.get(n / 2 - 1).add(costs.get(n / 2)).divide(BigDecimal.valueOf(2)))
          .setScale(9, RoundingMode.HALF_UP);
      BigDecimal cost = sum(events, Seed::cost);
      Instant first = events.stream().map(Seed::time).min(Comparator.naturalOrder()).orElseThrow().truncatedTo(ChronoUnit.SECONDS);
      if (!first.isBefore(start) && median.signum() > 0 && cost.compareTo(median.multiply(BigDecimal.valueOf(3))) > 0) {
        found.add(new Object[] {k.get(1), k.get(0), cost, median, div(cost, median, 4), n});
      }
    });
    found.sort(Comparator.comparing((Object[] a) -> (BigDecimal) a[4]).reversed()
        .thenComparing(Comparator.comparing((Object[] a) -> (BigDecimal) a[2]).reversed())
        .thenComparing(a -> (String) a[0]));
    List<ObjectNode> out = new ArrayList<>();
    for (Object[] a : found.subList(0, Math.min(20, found.size()))) {
      ObjectNode n = JSON.createObjectNode();
      n.put("session_id", (String) a[0]);
      n.put("user", (String) a[1]);
      put(n, "cost_usd", ((BigDecimal) a[2]).setScale(9));
      put(n, "user_median_usd", (BigDecimal) a[3]);
      put(n, "ratio", (BigDecimal) a[4]);
      n.put("user_sessions", (int) a[5]);
      out.add(n);
    }
    return out;
  }

  /** Servers configured by the scope's users within the window and not called by them since its start. */
  private static void zombies(ArrayNode out, Instant end, Map<String, List<String>> filters) {
    Instant windowEnd = end.isAfter(NOW) ? NOW : end;
    Instant windowStart = windowEnd.minus(30, ChronoUnit.DAYS);
    Predicate<String[]> who = ou -> filters.get("org").contains(ou[0])
        && (!filters.containsKey("user") || filters.get("user").contains(ou[1]))
        && (!filters.containsKey("team") || filters.get("team").contains(ou[2]));
    Map<String, Set<String>> users = new TreeMap<>();
    for (Inventory i : INVENTORY) {
      if (who.test(new String[] {i.org(), i.user(), i.team()}) && !i.observed().isBefore(windowStart) && i.observed().isBefore(windowEnd)) {
        users.computeIfAbsent(i.server(), x -> new HashSet<>()).add(i.user());
      }
    }
    Map<String, Instant> lastCall = new HashMap<>();
    for (Seed e : SEEDS) {
      if (who.test(new String[] {e.org(), e.user(), e.team()}) && e.time().isBefore(windowEnd)
          && !e.time().isBefore(windowEnd.minus(365, ChronoUnit.DAYS))) {
        e.mcp().stream().filter(m -> !m.isEmpty()).forEach(m -> lastCall.merge(m, e.time(), (a, b) -> a.isAfter(b) ? a : b));
      }
    }
    users.entrySet().stream()
        .filter(u -> lastCall.get(u.getKey()) == null || lastCall.get(u.getKey()).isBefore(windowStart))
        .sorted(Comparator.comparing((Map.Entry<String, Set<String>> u) -> u.getValue().size()).reversed().thenComparing(Map.Entry::getKey))
        .forEach(u -> {
          ObjectNode n = out.addObject();
          n.put("server", u.getKey());
          n.put("configured_users", u.getValue().size());
          Instant last = lastCall.get(u.getKey());
          if (last == null) {
            n.putNull("last_call");
          } else {
            n.put("last_call", last.toString());
          }
        });
  }

  private static void shares(ArrayNode out, String name, List<Seed> in, Function<Seed, String> key, BigDecimal total) {
    Map<String, List<Seed>> groups = new TreeMap<>();
    in.forEach(s -> groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s));
    groups.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, List<Seed>> e) -> sum(e.getValue(), Seed::cost)).reversed()
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> {
          ObjectNode n = out.addObject();
          n.put(name, e.getKey());
          n.put("calls", e.getValue().size());
          BigDecimal cost = sum(e.getValue(), Seed::cost);
          put(n, "cost_usd", cost.setScale(9));
          put(n, "share", div(cost, total, 4));
        });
  }

  private static void smell(ArrayNode smells, String code, String severity, BigDecimal value, String threshold) {
    ObjectNode n = smells.addObject();
    n.put("code", code);
    n.put("severity", severity);
    n.put("value", value.toPlainString());
    n.put("threshold", threshold);
  }

  private static long sumLong(List<Seed> seeds, java.util.function.ToLongFunction<Seed> f) {
    return seeds.stream().mapToLong(f).sum();
  }

  private static BigDecimal sum(List<Seed> seeds, Function<Seed, BigDecimal> f) {
    return seeds.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal div(BigDecimal a, BigDecimal b, int scale) {
    return b.signum() == 0 ? null : a.divide(b, scale, RoundingMode.HALF_UP);
  }

  private static void put(ObjectNode o, String name, BigDecimal v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, v.toPlainString());
    }
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
}
