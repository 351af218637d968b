package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.api.ApiClient;
import dev.tokenledger.agent.api.ApiEndpoint;
import dev.tokenledger.agent.report.SpendPages;
import dev.tokenledger.agent.report.UsageRow;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.cli.Authentication;
import dev.tokenledger.api.config.AuthSettings;
import dev.tokenledger.api.http.ApiServer;
import dev.tokenledger.api.http.ApiServices;
import dev.tokenledger.api.http.HttpOptions;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer's {@code agent report} commands end to end: events in a real warehouse, the API serving
 * them with role-scoped tokens, the agent's command line asking it over HTTP. Every figure is checked
 * against a computation written here over the seeded events themselves (local days, weeks, sessions,
 * blocks by ccusage's per-request rule, branch tables) — not against the reports' own code path.
 */
class AgentReportsIT {

  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, branch, session_id, input_tokens,"
      + " output_tokens, cache_write_5m_tokens, cache_read_tokens, cost_total, accuracy, version) FORMAT TabSeparated";
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] USERS = {"alice", "bob", "carol"};
  private static final String[] MODELS = {"claude-opus-4-1", "claude-sonnet-4-5", "gpt-5"};
  private static final String[] BRANCHES = {"main", "feature/login", "fix/cache"};

  /** One seeded event. */
  record Ev(String id, Instant time, String user, String team, String project, String branch, String session, String model,
      long input, long output, long cacheWrite, long cacheRead, BigDecimal cost) {
    long total() {
      return input + output + cacheWrite + cacheRead;
    }
  }

  private static final List<Ev> EVENTS = new ArrayList<>();
  private static TestDatabase db;
  private static ApiServer server;
  private static final Map<String, String> TOKENS = new HashMap<>();

  @TempDir
  static Path home;

  @BeforeAll
  static void start() {
    Random rnd = new Random(20261107);
    Instant base = Instant.parse("2026-10-20T00:00:00Z");
    for (int i = 0; i < 420; i++) {
      String user = USERS[i % 3];
      Instant t = base.plusSeconds(Math.floorMod(rnd.nextLong(), 32L * 86400));
      EVENTS.add(new Ev("ev-" + i, t, user, user.equals("carol") ? "data" : "platform",
          "github.com/acme/" + (rnd.nextBoolean() ? "api" : "web"), BRANCHES[rnd.nextInt(3)], user + "-s" + (i % 7),
          MODELS[rnd.nextInt(3)], 1 + rnd.nextInt(5000), rnd.nextInt(2000), rnd.nextInt(900), rnd.nextInt(90000),
          BigDecimal.valueOf(Math.floorMod(rnd.nextLong(), 3_000_000_000L)).movePointLeft(9)));
    }
    // erin's requests for the blocks: exactly 5 h after a block's start, a gap of over 5 h, midnight
    String[] erin = {"2026-11-10T09:41:10Z", "2026-11-10T10:05:00Z", "2026-11-10T13:59:59Z", "2026-11-10T14:00:00Z",
        "2026-11-10T14:30:00Z", "2026-11-10T19:31:00Z", "2026-11-10T23:58:00Z", "2026-11-11T00:10:00Z"};
    for (int i = 0; i < erin.length; i++) {
      EVENTS.add(new Ev("erin-" + i, Instant.parse(erin[i]), "erin", "platform", "github.com/acme/api", "main", "erin-s1",
          MODELS[i % 2], 1000 + i, 100 + i, 10, 5000, new BigDecimal("0.12345678" + i)));
    }
    // frank works right now: his block is active
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      EVENTS.add(new Ev("frank-" + i, now.minus(Duration.ofMinutes(70 - 30L * i)), "frank", "platform", "github.com/acme/api",
          "main", "frank-s1", "claude-sonnet-4-5", 6000, 600, 0, 0, new BigDecimal("0.600000000")));
    }

    db = TestDatabase.migrated("tl_agent_reports_it");
    StringBuilder rows = new StringBuilder();
    for (Ev e : EVENTS) {
      LocalDate day = e.time().atZone(ZoneOffset.UTC).toLocalDate();
      rows.append(String.join("\t", e.id(), "acme", SECOND.format(e.time()), Long.toString(e.time().toEpochMilli()), day.toString(),
          day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString(), day.withDayOfMonth(1).toString(),
          e.model().startsWith("gpt") ? "CODEX_CLI" : "CLAUDE_CODE", e.model().startsWith("gpt") ? "openai" : "anthropic",
          e.model(), e.model(), e.user(), e.team(), e.project(), e.branch(), e.session(), Long.toString(e.input()),
          Long.toString(e.output()), Long.toString(e.cacheWrite()), Long.toString(e.cacheRead()), e.cost().toPlainString(), accuracy(e), "1"))
          .append('\n');
    }
    db.client().insert(INSERT, rows.toString().getBytes(StandardCharsets.UTF_8));

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore store = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(store, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("alice", issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("frank", issuer.issue("acme", "frank", "", Set.of(), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("admin", issuer.issue("acme", "root", "", Set.of(), Role.ADMIN, "", "it", Optional.empty()).plaintext());
    Authentication auth = Authentication.from(new AuthSettings(Duration.ofSeconds(30), Optional.empty()), reader, Clock.systemUTC());
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), auth.authenticator(), store,
        ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS), ZoneId.of("UTC"), Duration.ofHours(25), Clock.systemUTC(),
        () -> true).server();
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

  /** Runs {@code agent report …} with {@code who}'s token; returns what it printed (exit 0 asserted). */
  private static String report(String who, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("TOKENLEDGER_API_URL", "http://127.0.0.1:" + server.port(), "TOKENLEDGER_API_TOKEN", TOKENS.get(who));
    List<String> all = new ArrayList<>(List.of("--state-dir", home.resolve("state").toString(), "report"));
    all.addAll(List.of(args));
    int code = AgentMain.execute(all.toArray(String[]::new), List::of, new SourceEnvironment(env, home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static JsonNode reportJson(String who, String... args) throws Exception {
    return JSON.readTree(report(who, args));
  }

  // --- the independent computation over the seeded events ---

  /** "requests input output cacheCreate cacheRead total cost" of some events: the figures every row carries. */
  private static String figures(List<Ev> evs) {
    BigDecimal cost = evs.stream().map(Ev::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    return evs.size() + " " + evs.stream().mapToLong(Ev::input).sum() + " " + evs.stream().mapToLong(Ev::output).sum() + " "
        + evs.stream().mapToLong(Ev::cacheWrite).sum() + " " + evs.stream().mapToLong(Ev::cacheRead).sum() + " "
        + evs.stream().mapToLong(Ev::total).sum() + " " + cost.stripTrailingZeros().toPlainString();
  }

  private static String figures(JsonNode row) {
    return row.get("requests").asLong() + " " + row.get("input_tokens").asLong() + " " + row.get("output_tokens").asLong() + " "
        + row.get("cache_creation_tokens").asLong() + " " + row.get("cache_read_tokens").asLong() + " "
        + row.get("total_tokens").asLong() + " " + new BigDecimal(row.get("cost_usd").asText()).stripTrailingZeros().toPlainString();
  }

  /** The seeded accuracy label of an event: a sixth estimated, a sixth lower bounds, the rest provider-final. */
  private static String accuracy(Ev e) {
    return switch (Math.floorMod(e.id().hashCode(), 6)) {
      case 0 -> "ESTIMATED";
      case 1 -> "LOWER_BOUND";
      default -> "EXACT";
    };
  }

  /** The cost of the events that are not provider-final. */
  private static BigDecimal notFinal(List<Ev> evs) {
    return evs.stream().filter(e -> !accuracy(e).equals("EXACT")).map(Ev::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static List<Ev> events(Predicate<Ev> p) {
    return EVENTS.stream().filter(p).toList();
  }

  private static Predicate<Ev> localDays(ZoneId zone, LocalDate since, LocalDate until) {
    return e -> {
      LocalDate d = e.time().atZone(zone).toLocalDate();
      return !d.isBefore(since) && !d.isAfter(until);
    };
  }

  /** label -> figures (and the models) of the expected rows, from {@code key} over {@code evs}. */
  private static Map<String, String> expectedRows(List<Ev> evs, Function<Ev, String> key) {
    Map<String, List<Ev>> groups = evs.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    Map<String, String> out = new TreeMap<>();
    groups.forEach((k, g) -> out.put(k, figures(g) + " " + g.stream().map(Ev::model).collect(Collectors.toCollection(TreeSet::new))));
    return out;
  }

  private static Map<String, String> actualRows(JsonNode doc, String label) {
    Map<String, String> out = new TreeMap<>();
    doc.get("rows").forEach(r -> {
      List<String> models = new ArrayList<>();
      r.get("models").forEach(m -> models.add(m.asText()));
      out.put(r.get(label).asText(), figures(r) + " " + models);
    });
    return out;
  }

  // --- the reports ---

  @Test
  void dailyInAnotherZoneAcrossItsDstChangeWithTheBreakdownAndTheTotal() throws Exception {
    ZoneId ny = ZoneId.of("America/New_York"); // leaves summer time on 2026-11-01
    LocalDate since = LocalDate.of(2026, 10, 25);
    LocalDate until = LocalDate.of(2026, 11, 8);
    JsonNode doc = reportJson("admin", "daily", "--since", "20261025", "--until", "2026-11-08", "--timezone", ny.getId(),
        "--breakdown", "--json", "--user", "alice", "--user", "bob");
    List<Ev> kept = events(localDays(ny, since, until).and(e -> e.user().equals("alice") || e.user().equals("bob")));
    assertThat(kept).hasSizeGreaterThan(100);
    assertThat(actualRows(doc, "date")).isEqualTo(expectedRows(kept, e -> e.time().atZone(ny).toLocalDate().toString()));
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(kept));
    // the breakdown: one row per model of each day
    JsonNode first = doc.get("rows").get(0);
    String day = first.get("date").asText();
    Map<String, String> perModel = new TreeMap<>();
    first.get("breakdown").forEach(b -> perModel.put(b.get("model").asText(), figures(b)));
    Map<String, String> expected = new TreeMap<>();
    kept.stream().filter(e -> e.time().atZone(ny).toLocalDate().toString().equals(day))
        .collect(Collectors.groupingBy(Ev::model)).forEach((m, g) -> expected.put(m, figures(g)));
    assertThat(perModel).isEqualTo(expected);
  }

  @Test
  void weeklyFromSundayAndTheTablesTotalLineIsTheTotalOfEverything() throws Exception {
    LocalDate since = LocalDate.of(2026, 10, 18);
    LocalDate until = LocalDate.of(2026, 11, 21);
    JsonNode doc = reportJson("admin", "weekly", "-s", "2026-10-18", "-u", "2026-11-21", "-z", "UTC", "--start-of-week", "sunday",
        "--json");
    List<Ev> kept = events(localDays(ZoneOffset.UTC, since, until));
    assertThat(actualRows(doc, "week")).isEqualTo(expectedRows(kept,
        e -> e.time().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)).toString()));
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(kept));

    String table = report("admin", "weekly", "-s", "2026-10-18", "-u", "2026-11-21", "-z", "UTC", "-w", "sunday", "--width", "250");
    BigDecimal cost = kept.stream().map(Ev::cost).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
    String total = table.lines().filter(l -> l.startsWith("│ Total")).findFirst().orElseThrow();
    assertThat(total).contains(String.format(java.util.Locale.ROOT, "%,d", kept.stream().mapToLong(Ev::total).sum()),
        String.format(java.util.Locale.ROOT, "$%,.2f", cost));

    // what is not provider-final: exact in the JSON, rounded in the line under the table
    BigDecimal notFinal = notFinal(kept);
    BigDecimal all = kept.stream().map(Ev::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(notFinal.signum()).isPositive();
    assertThat(new BigDecimal(doc.at("/totals/not_final_cost_usd").asText())).isEqualByComparingTo(notFinal);
    BigDecimal share = notFinal.divide(all, 6, RoundingMode.HALF_EVEN);
    assertThat(doc.at("/totals/not_final_share").asText()).isEqualTo(share.toPlainString());
    assertThat(table.lines().reduce((a, b) -> b).orElseThrow()).startsWith(String.format(java.util.Locale.ROOT,
        "Not provider-final: $%,.2f of $%,.2f (%s%%)", notFinal.setScale(2, RoundingMode.HALF_UP), cost,
        share.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString()));
  }

  @Test
  void aDevelopersMonthlyReportHoldsOnlyTheirOwnUsage() throws Exception {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    JsonNode doc = reportJson("alice", "monthly", "--since", "2026-10-01", "--until", "2026-11-30", "-z", berlin.getId(), "--json");
    List<Ev> kept = events(localDays(berlin, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30)).and(e -> e.user().equals("alice")));
    assertThat(actualRows(doc, "month")).isEqualTo(expectedRows(kept, e -> e.time().atZone(berlin).toLocalDate().toString().substring(0, 7)));
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(kept));
  }

  @Test
  void sessionsOfAProjectWithTheirLastActivity() throws Exception {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    LocalDate since = LocalDate.of(2026, 11, 1);
    LocalDate until = LocalDate.of(2026, 11, 15);
    JsonNode doc = reportJson("admin", "session", "--since", "2026-11-01", "--until", "2026-11-15", "-z", tokyo.getId(),
        "--project", "github.com/acme/web", "--json");
    List<Ev> kept = events(localDays(tokyo, since, until).and(e -> e.project().equals("github.com/acme/web")));
    assertThat(actualRows(doc, "session")).isEqualTo(expectedRows(kept, Ev::session));
    Map<String, String> lastActivity = new TreeMap<>();
    doc.get("rows").forEach(r -> lastActivity.put(r.get("session").asText(), r.get("last_activity").asText()));
    Map<String, String> expected = new TreeMap<>();
    kept.stream().collect(Collectors.groupingBy(Ev::session)).forEach((s, g) -> expected.put(s,
        MINUTE.format(g.stream().map(Ev::time).max(Instant::compareTo).orElseThrow().atZone(tokyo))));
    assertThat(lastActivity).isEqualTo(expected);
    List<String> order = new ArrayList<>();
    doc.get("rows").forEach(r -> order.add(r.get("last_activity").asText()));
    assertThat(order).isSorted();
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(kept));
  }

  /** ccusage's rule, request by request: a new block when a request is ≥ 5 h after the block's start or after the last request. */
  private static List<List<Ev>> blocks(List<Ev> evs) {
    List<Ev> sorted = evs.stream().sorted(java.util.Comparator.comparing(Ev::time)).toList();
    List<List<Ev>> out = new ArrayList<>();
    Instant start = null;
    Instant last = null;
    for (Ev e : sorted) {
      if (start == null || !e.time().isBefore(start.plus(Duration.ofHours(5))) || !e.time().isBefore(last.plus(Duration.ofHours(5)))) {
        start = e.time().truncatedTo(ChronoUnit.HOURS);
        out.add(new ArrayList<>());
      }
      out.get(out.size() - 1).add(e);
      last = e.time();
    }
    return out;
  }

  @Test
  void blocksAreCcusagesFiveHourBlocksOfTheRequests() throws Exception {
    JsonNode doc = reportJson("admin", "blocks", "--since", "2026-11-10", "--until", "2026-11-11", "-z", "UTC", "--user", "erin",
        "--json");
    List<List<Ev>> expected = blocks(events(e -> e.user().equals("erin")));
    assertThat(expected).hasSize(4);
    assertThat(doc.get("blocks")).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      List<Ev> b = expected.get(i);
      JsonNode actual = doc.get("blocks").get(i);
      assertThat(actual.get("start").asText()).isEqualTo(b.get(0).time().truncatedTo(ChronoUnit.HOURS).toString());
      assertThat(actual.get("first_request").asText()).isEqualTo(b.get(0).time().toString());
      assertThat(actual.get("last_request").asText()).isEqualTo(b.get(b.size() - 1).time().toString());
      assertThat(figures(actual)).isEqualTo(figures(b));
      assertThat(actual.get("active").asBoolean()).isFalse();
    }
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(events(e -> e.user().equals("erin"))));
  }

  @Test
  void theActiveBlockHasItsBurnRateAndProjection() throws Exception {
    Instant before = Instant.now();
    JsonNode doc = reportJson("frank", "blocks", "--active", "-z", "UTC", "--json");
    Instant after = Instant.now();
    List<Ev> frank = events(e -> e.user().equals("frank"));
    assertThat(doc.get("blocks")).hasSize(1);
    JsonNode b = doc.get("blocks").get(0);
    assertThat(b.get("active").asBoolean()).isTrue();
    assertThat(figures(b)).isEqualTo(figures(frank));
    // 3 requests over the 60 minutes from the first to the last: 19,800 tokens, $1.80
    assertThat(new BigDecimal(b.at("/burn_rate/tokens_per_minute").asText())).isEqualByComparingTo("330");
    assertThat(new BigDecimal(b.at("/burn_rate/cost_per_hour_usd").asText())).isEqualByComparingTo("1.8");
    Instant end = frank.get(0).time().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(5));
    long left = b.at("/projection/remaining_minutes").asLong();
    assertThat(left).isBetween(Duration.between(after, end).toMinutes() - 1, Duration.between(before, end).toMinutes());
    long projected = b.at("/projection/total_tokens").asLong();
    assertThat(projected).isBetween(19_800 + 330 * (left - 1), 19_800 + 330 * (left + 1));
  }

  @Test
  void smallPagesOfTheRealApiAddUpToTheWholeAnswer() {
    ApiClient api = new ApiClient(new ApiEndpoint(java.net.URI.create("http://127.0.0.1:" + server.port()), TOKENS.get("admin")),
        Duration.ofSeconds(30));
    List<Map.Entry<String, String>> params = List.of(Map.entry("from", "2026-10-18"), Map.entry("to", "2026-11-23"),
        Map.entry("granularity", "hour"), Map.entry("times", "true"));
    List<UsageRow> whole = new SpendPages(api).all(List.of("model", "user"), params);
    List<UsageRow> paged = new SpendPages(api, 7).all(List.of("model", "user"), params);
    assertThat(whole).hasSizeGreaterThan(100);
    assertThat(paged).isEqualTo(whole);
    assertThat(whole.stream().mapToLong(r -> r.usage().requests()).sum())
        .isEqualTo(events(localDays(ZoneOffset.UTC, LocalDate.of(2026, 10, 18), LocalDate.of(2026, 11, 22))).size());
  }

  @Test
  void theBranchReportHasTheBranchsTotalAndEveryModelAndUser() throws Exception {
    JsonNode doc = reportJson("admin", "branch", "--branch", "feature/login", "--since", "2026-10-01", "--until", "2026-11-30",
        "--format", "json");
    List<Ev> kept = events(e -> e.branch().equals("feature/login"));
    assertThat(figures(doc.get("totals"))).isEqualTo(figures(kept));
    assertThat(doc.get("sessions").asLong()).isEqualTo(kept.stream().map(Ev::session).distinct().count());
    assertThat(doc.get("first_request").asText()).isEqualTo(kept.stream().map(Ev::time).min(Instant::compareTo).orElseThrow().toString());
    assertThat(doc.get("last_request").asText()).isEqualTo(kept.stream().map(Ev::time).max(Instant::compareTo).orElseThrow().toString());
    for (String[] by : new String[][] {{"by_model", "model"}, {"by_user", "user"}}) {
      Map<String, String> actual = new TreeMap<>();
      doc.get(by[0]).forEach(r -> actual.put(r.get(by[1]).asText(), figures(r) + " " + r.get("sessions").asLong()));
      Map<String, String> expected = new TreeMap<>();
      kept.stream().collect(Collectors.groupingBy(by[1].equals("model") ? Ev::model : Ev::user)).forEach((k, g) ->
          expected.put(k, figures(g) + " " + g.stream().map(Ev::session).distinct().count()));
      assertThat(actual).as(by[0]).isEqualTo(expected);
    }
    String md = report("admin", "branch", "--branch", "feature/login", "--since", "2026-10-01", "--until", "2026-11-30");
    BigDecimal cost = kept.stream().map(Ev::cost).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
    assertThat(md).startsWith("### AI coding cost of branch `feature/login`")
        .contains(String.format(java.util.Locale.ROOT, "**$%,.2f** over %d sessions", cost, kept.stream().map(Ev::session).distinct().count()))
        .contains("| Model | Sessions |", "| User | Sessions |");
  }
}
