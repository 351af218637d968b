package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.browser.HeadlessChromium;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.InMemoryBudgetStore;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseBudgetSpend;
import dev.tokenledger.api.clickhouse.ClickHouseEfficiencyRepository;
import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.EfficiencyTable;
import dev.tokenledger.api.efficiency.EfficiencySettings;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium against the real API on seeded events of a dedicated
 * organisation: every figure the page shows equals the API's answer to the same question (read here over
 * HTTP and formatted the way the page rounds money), a developer's page shows only their own usage (checked
 * against independent SQL) and no organisation-wide panel, a CSV button saves the API's CSV, nothing breaks
 * the Content-Security-Policy, and the token given in the fragment leaves the address bar. Screenshots of
 * each role's page go to {@code target/dashboard-screenshots/} ({@code -Ddashboard.screenshots.docs=true}
 * also copies them to {@code docs/images/}).
 */
class DashboardBrowserIT {

  private static final String ORG = "acme-dash";
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, host, team, cost_centre, project_id, branch, session_id,"
      + " agent_name, agent_role, workflow_step, is_sidechain, input_tokens, output_tokens, cache_write_5m_tokens, cache_read_tokens,"
      + " tool_names, tool_mcp_servers, cost_total, cache_savings, accuracy, version) FORMAT TabSeparated";
  /** The accuracy label of the n-th seeded request: mostly provider-final, some estimated, some lower bounds. */
  private static final String[] LABELS = {"EXACT", "EXACT", "ESTIMATED", "EXACT", "EXACT", "EXACT", "LOWER_BOUND", "EXACT"};
  /** user, team, cost centre, projects. */
  private static final String[][] USERS = {
      {"alice", "platform", "cc-eng", "github.com/acme/api github.com/acme/web"},
      {"bob", "platform", "cc-eng", "github.com/acme/api github.com/acme/billing"},
      {"carol", "data", "cc-data", "github.com/acme/etl github.com/acme/api"},
      {"dan", "sales", "cc-sales", "github.com/acme/crm"},
      {"erin", "data", "cc-data", "github.com/acme/etl"}};
  /** model, provider, source, input $/Mtok, output $/Mtok. */
  private static final String[][] MODELS = {
      {"claude-sonnet-4-5", "anthropic", "CLAUDE_CODE", "3", "15"}, {"claude-opus-4-1", "anthropic", "CLAUDE_CODE", "15", "75"},
      {"gpt-5", "openai", "CODEX_CLI", "1.25", "10"}, {"gemini-2.5-pro", "google", "GEMINI_CLI", "1.25", "10"}};
  private static final String[] BRANCHES = {"main", "feat/login", "fix/cache-keys", "feat/export"};
  private static final String[] SUBAGENTS = {"general-purpose", "code-reviewer", "Explore"};
  private static final String[] STEPS = {"plan", "implement", "test", "review"};
  private static final String[][] TOOLS = {
      {"['Read','Edit']", "['','']"}, {"['Bash']", "['']"}, {"['Read','Grep','Bash']", "['','','']"},
      {"['mcp__github__create_issue','Read']", "['github','']"}, {"['mcp__linear__get_issue']", "['linear']"}, {"[]", "[]"}};

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  private static final Path DOWNLOADS = Path.of("target", "dashboard-downloads");
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static TestDatabase db;
  private static ApiServer server;
  private static LocalDate today;
  private ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.migrated("tl_api_dashboard_it");
    today = LocalDate.now(ZoneOffset.UTC);
    db.client().insert(INSERT, seed().getBytes(StandardCharsets.UTF_8));

    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1"));
    ClickHouseApiTokenStore tokenStore = new ClickHouseApiTokenStore(db.client());
    TokenIssuer issuer = new TokenIssuer(tokenStore, new TokenSecrets(), Clock.systemUTC());
    TOKENS.put("admin", issuer.issue(ORG, "root", "", Set.of(), Role.ADMIN, "", "it", Optional.empty()).plaintext());
    TOKENS.put("manager", issuer.issue(ORG, "bob", "", Set.of("platform", "data"), Role.MANAGER, "", "it", Optional.empty()).plaintext());
    TOKENS.put("developer", issuer.issue(ORG, "alice", "", Set.of("platform"), Role.DEVELOPER, "", "it", Optional.empty()).plaintext());
    ClickHouseSpendRepository repository = ClickHouseSpendRepository.of(reader, QueryLimits.DEFAULTS);
    Authentication auth = Authentication.from(new AuthSettings(Duration.ofSeconds(30), Optional.empty()), reader, Clock.systemUTC());
    // budgets on a stopped clock: the forecast (spend / elapsed) is the same for the page and the test's own question
    BudgetService budgets = new BudgetService(new InMemoryBudgetStore(), ClickHouseBudgetSpend.of(repository, db.name()),
        ZoneId.of("UTC"), Clock.fixed(java.time.Instant.now(), ZoneOffset.UTC));
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), auth.authenticator(), tokenStore, repository, ZoneId.of("UTC"),
        Duration.ofHours(25), Clock.systemUTC(), () -> true, budgets,
        new ClickHouseEfficiencyRepository(repository, EfficiencyTable.in(db.name()), Clock.systemUTC()), EfficiencySettings.DEFAULTS,
        reconciliations(reader)).server();
    server.start();

    // Budgets around this month's spend, so the gauges show each status: ok, warning, exceeded.
    String month = "event_month = toDate('" + today.withDayOfMonth(1) + "')";
    putBudget("org-monthly", "org", ORG, "month", sqlSum(month).multiply(new BigDecimal("2.5")));
    putBudget("platform-monthly", "team", "platform", "month", sqlSum(month + " AND team = 'platform'").multiply(new BigDecimal("1.2")));
    putBudget("alice-monthly", "user", "alice", "month", sqlSum(month + " AND user_id = 'alice'").multiply(new BigDecimal("0.9")));
  }

  /**
   * The reconciliation over the read-only session, with Anthropic's reports imported for yesterday: a model the
   * ledger does not have (provider only), so the panel has rows of both sides.
   */
  private static dev.tokenledger.reconciliation.Reconciliations reconciliations(ClickHouseHttpClient reader) {
    var store = new dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore(db.client(), Clock.systemUTC());
    var day = new dev.tokenledger.reconciliation.DayRange(today.minusDays(1), today.minusDays(1));
    var anthropic = dev.tokenledger.reconciliation.Provider.ANTHROPIC;
    store.saveImport(ORG, anthropic, dev.tokenledger.reconciliation.ReportKind.USAGE, day, List.of(new dev.tokenledger.reconciliation.ProviderRow(
        anthropic, dev.tokenledger.reconciliation.ReportKind.USAGE, day.from(), "claude-api-only", "",
        new dev.tokenledger.reconciliation.TokenCounts(1000, 200, 0, 0), BigDecimal.ZERO)), 1, "files");
    store.saveImport(ORG, anthropic, dev.tokenledger.reconciliation.ReportKind.COST, day, List.of(new dev.tokenledger.reconciliation.ProviderRow(
        anthropic, dev.tokenledger.reconciliation.ReportKind.COST, day.from(), "claude-api-only", "",
        dev.tokenledger.reconciliation.TokenCounts.ZERO, new BigDecimal("0.0123"))), 1, "files");
    return new dev.tokenledger.reconciliation.Reconciliations(Optional.of(new dev.tokenledger.reconciliation.ReconciliationService(
        new dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore(reader, Clock.systemUTC()))), Map.of(), Map.of(),
        dev.tokenledger.reconciliation.Reconciliations.DEFAULT_THRESHOLD);
  }

  /** The reconciliation panel lists the API's rows that do not match, in its order, with the provider-only row among them. */
  private void assertReconciliation(String role, Map<String, String> range) throws Exception {
    JsonNode answer = json(role, "/v1/reconciliation", Map.of("from", range.get("from"), "to", range.get("to")));
    List<String> expected = new ArrayList<>();
    for (JsonNode r : answer.get("rows")) {
      if (!r.get("status").asText().equals("matched")) {
        expected.add(r.get("day").asText() + " " + r.get("provider").asText() + " " + r.get("model").asText() + " " + r.get("subject").asText());
      }
    }
    assertThat(keys("reconciliation")).isNotEmpty().isEqualTo(expected)
        .contains(today.minusDays(1) + " anthropic claude-api-only ");
    assertThat(text("#reconciliation-line")).startsWith(answer.get("rows").size() + " day/model rows");
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

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theAdminSeesTheOrganisationAndEveryFigureIsTheApis() throws Exception {
    open("admin");
    Map<String, String> range = range();
    assertKpis("admin", range);
    for (String dim : List.of("team", "project", "model", "user", "branch", "agent", "chain", "agent_role", "tool", "mcp_server")) {
      assertTable("admin", "by-" + dim, "/v1/spend", query(range, "group_by", dim, "limit", "15"), dim);
    }
    assertTable("admin", "sessions", "/v1/spend", query(range, "group_by", "session,user,project", "limit", "10"), "session");
    // main vs sub-agents is the events' side-chain flag
    String period = "event_day >= toDate('" + range.get("from") + "') AND event_day < toDate('" + range.get("to") + "')";
    assertThat(texts("table[data-name='by-chain'] tbody tr td[data-col='cost_usd']")).containsExactly(
        Stream.of("1", "0").map(flag -> sqlSum(period + " AND is_sidechain = " + flag)).sorted(Comparator.reverseOrder())
            .map(DashboardBrowserIT::money).toArray(String[]::new));
    assertThat(keys("by-chain")).isEqualTo(sqlSum(period + " AND is_sidechain = 1").compareTo(sqlSum(period + " AND is_sidechain = 0")) > 0
        ? List.of("subagent", "main") : List.of("main", "subagent"));
    // a click on a session shows it, as /v1/sessions/{id} answers
    String top = keys("sessions").get(0);
    browser.findElement(By.cssSelector("table[data-name='sessions'] tbody tr")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#session-detail h3[data-session]")).isEmpty());
    JsonNode session = json("admin", "/v1/sessions/" + top, Map.of()).get("session");
    assertThat(text("#session-detail h3")).isEqualTo("Session " + top);
    assertThat(text("#session-detail [data-col='cost_usd']")).isEqualTo(money(new BigDecimal(session.get("cost_usd").asText())));
    assertThat(text("#session-detail")).contains(session.get("requests").asLong() + " requests");
    Files.createDirectories(DOWNLOADS);
    Path sessionCsv = DOWNLOADS.resolve("tokenledger-session-" + top + "-" + range.get("from") + "-" + range.get("to_inclusive") + ".csv");
    Files.deleteIfExists(sessionCsv);
    browser.findElement(By.cssSelector("#session-detail button.csv")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(sessionCsv) && size(sessionCsv) > 0);
    assertThat(Files.readString(sessionCsv)).isEqualTo(get("admin", "/v1/sessions/" + top, Map.of("limit", "10000", "format", "csv")).body());
    assertDailyChart("admin", range, "model");
    assertBudgets("admin", "/v1/budgets");
    assertThat(texts("#budget-gauges .gauge-box canvas")).hasSize(3);
    assertEfficiency("admin", range);
    assertReconciliation("admin", range);
    // a chart's tooltip (ECharts' own DOM) appears under the policy, in dollars
    new org.openqa.selenium.interactions.Actions(browser).moveToElement(browser.findElement(By.id("chart-over-time"))).perform();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> text("#chart-over-time .chart-tooltip").matches("(?s)\\d{4}-\\d{2}-\\d{2}.*: \\$\\d+\\.\\d{2}.*"));
    assertNoConsoleErrors();
    assertThat((String) script("return location.href")).doesNotContain("token");

    // The CSV button saves the API's CSV of the same question.
    Files.createDirectories(DOWNLOADS);
    Path csv = DOWNLOADS.resolve("tokenledger-model-" + range.get("from") + "-" + range.get("to_inclusive") + ".csv");
    Files.deleteIfExists(csv);
    browser.findElement(By.cssSelector("[data-panel='by-model'] button.csv")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(csv) && size(csv) > 0);
    assertThat(Files.readString(csv)).isEqualTo(get("admin", "/v1/spend", query(range, "group_by", "model", "limit", "10000", "format", "csv")).body());

    screenshot("dashboard-admin.png");
  }

  @Test
  void aDeveloperSeesOnlyTheirOwnUsageAndNoOrganisationPanels() throws Exception {
    open("developer");
    Map<String, String> range = range();
    assertKpis("developer", range);
    String mine = "org_id = '" + ORG + "' AND user_id = 'alice' AND event_day >= toDate('" + range.get("from") + "')"
        + " AND event_day < toDate('" + range.get("to") + "')";
    assertThat(text("#kpi-cost")).isEqualTo(money(sqlSum(mine)));
    assertThat(text("#kpi-cost")).isNotEqualTo(money(sqlSum("org_id = '" + ORG + "'")));
    assertThat(browser.findElements(By.cssSelector("[data-panel='by-team'], [data-panel='by-user']"))).isEmpty();
    assertThat(browser.findElement(By.id("f-team-label")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("reconciliation-panel")).isDisplayed()).isFalse();
    assertThat(text("#scope")).startsWith("Your own usage (alice)");
    for (String dim : List.of("project", "model", "branch", "agent", "chain", "tool", "mcp_server")) {
      assertTable("developer", "by-" + dim, "/v1/spend", query(range, "group_by", dim, "limit", "15"), dim);
    }
    assertTable("developer", "sessions", "/v1/spend", query(range, "group_by", "session,project", "limit", "10"), "session");
    Set<String> aliceSessions = new TreeSet<>(db.rows("SELECT DISTINCT session_id AS s FROM usage_events WHERE " + mine)
        .stream().map(r -> r.get("s")).toList());
    assertThat(keys("sessions")).isNotEmpty().allSatisfy(s -> assertThat(aliceSessions).contains(s));
    assertThat(keys("by-project")).containsExactlyInAnyOrderElementsOf(
        db.rows("SELECT DISTINCT project_id AS p FROM usage_events WHERE " + mine).stream().map(r -> r.get("p")).toList());
    // the budgets that apply to her (org, her team, her own), not the organisation's list
    assertBudgets("developer", "/v1/budgets/status");
    assertThat(keys("budgets")).containsExactlyInAnyOrder("org-monthly", "platform-monthly", "alice-monthly");
    assertThat(text("#budget-line")).startsWith("budget: EXCEEDED user alice");
    assertNoConsoleErrors();
    screenshot("dashboard-developer.png");
  }

  @Test
  void aManagerSeesTheirTeamsAndTheTeamFilterNarrowsEveryPanel() throws Exception {
    open("manager");
    Map<String, String> range = range();
    assertThat(keys("by-team")).containsExactlyInAnyOrder("platform", "data");
    assertThat(keys("by-user")).containsExactlyInAnyOrder("alice", "bob", "carol", "erin");
    // choose team data in the filter form and apply
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-team"))).selectByValue("data");
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    awaitReady();
    Map<String, String> data = new LinkedHashMap<>(range);
    data.put("team", "data");
    assertKpis("manager", data);
    assertTable("manager", "by-user", "/v1/spend", query(data, "group_by", "user", "limit", "15"), "user");
    assertThat(keys("by-user")).containsExactlyInAnyOrder("carol", "erin");
    assertDailyChart("manager", data, "model");
    // stacked by team instead: a series per team of the manager's
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-team"))).selectByValue("");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-stack"))).selectByValue("team");
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    awaitReady();
    assertThat(text("#over-time-title")).isEqualTo("Spend per day by team");
    assertDailyChart("manager", range, "team");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-team"))).selectByValue("data");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-stack"))).selectByValue("model");
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    awaitReady();
    assertNoConsoleErrors();
    screenshot("dashboard-manager.png");
  }

  // ---- the page ----

  private void open(String role) {
    browser = HeadlessChromium.start(1360, 2400, DOWNLOADS);
    browser.get("http://127.0.0.1:" + server.port() + "/dashboard/#preset=30d&token=" + TOKENS.get(role));
    awaitReady();
  }

  private void awaitReady() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.until(d -> Set.of("ready", "partial", "failed", "signed-out").contains(
        String.valueOf(((JavascriptExecutor) d).executeScript("return document.body.dataset.state"))));
    assertThat((String) script("return document.body.dataset.state")).as(text("#errors") + text("#signin-error")).isEqualTo("ready");
  }

  private Object script(String js, Object... args) {
    return browser.executeScript(js, args);
  }

  private String text(String css) {
    List<WebElement> found = browser.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : String.valueOf(script("return arguments[0].textContent", found.get(0))).trim();
  }

  private List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("textContent").trim()).toList();
  }

  private List<String> keys(String table) {
    return browser.findElements(By.cssSelector("table[data-name='" + table + "'] tbody tr")).stream()
        .map(e -> e.getAttribute("data-key")).toList();
  }

  /** The period the page shows (its date inputs; "to" inclusive there, exclusive in the API). */
  private Map<String, String> range() {
    String from = (String) script("return document.getElementById('f-from').value");
    String to = (String) script("return document.getElementById('f-to').value");
    assertThat(LocalDate.parse(to)).isEqualTo(today);
    Map<String, String> r = new LinkedHashMap<>();
    r.put("from", from);
    r.put("to", LocalDate.parse(to).plusDays(1).toString());
    r.put("to_inclusive", to);
    return r;
  }

  private void assertKpis(String role, Map<String, String> range) throws Exception {
    JsonNode total = json(role, "/v1/spend", query(range, "sessions", "true")).get("rows").get(0);
    assertThat(text("#kpi-cost")).isEqualTo(money(new BigDecimal(total.get("cost_usd").asText())));
    assertThat(text("#kpi-savings")).isEqualTo(money(new BigDecimal(total.get("cache_savings_usd").asText())));
    assertThat(text("#kpi-requests")).isEqualTo(String.format(Locale.US, "%,d", total.get("requests").asLong()));
    assertThat(text("#kpi-sessions")).isEqualTo(String.format(Locale.US, "%,d", total.get("sessions").asLong()));
    long read = total.get("cache_read_tokens").asLong();
    long all = read + total.get("input_tokens").asLong() + total.get("cache_write_5m_tokens").asLong() + total.get("cache_write_1h_tokens").asLong();
    assertThat(text("#kpi-hit")).isEqualTo(BigDecimal.valueOf(read * 100).divide(BigDecimal.valueOf(all), 1, RoundingMode.HALF_UP) + "%");
    assertNotFinalTile(role, range, total);
  }

  /**
   * The "not provider-final" tile: the scope's spend whose label is not EXACT and its share, equal to the
   * API's total and to independent SQL over the seeded labels; its tooltip names each label's spend.
   */
  private void assertNotFinalTile(String role, Map<String, String> range, JsonNode total) throws Exception {
    BigDecimal notFinal = new BigDecimal(total.get("not_final_cost_usd").asText());
    BigDecimal cost = new BigDecimal(total.get("cost_usd").asText());
    StringBuilder where = new StringBuilder("accuracy != 'EXACT' AND event_day >= toDate('" + range.get("from") + "') AND event_day < toDate('"
        + range.get("to") + "')");
    if (role.equals("developer")) {
      where.append(" AND user_id = 'alice'");
    } else if (role.equals("manager")) {
      where.append(range.containsKey("team") ? " AND team = '" + range.get("team") + "'" : " AND team IN ('platform', 'data')");
    }
    assertThat(notFinal).isEqualByComparingTo(sqlSum(where.toString())).isPositive().isLessThan(cost);
    BigDecimal apiShare = new BigDecimal(total.get("not_final_share").asText());
    assertThat(apiShare).isEqualByComparingTo(notFinal.divide(cost, 6, RoundingMode.HALF_EVEN));
    String share = apiShare.movePointRight(2).setScale(1, RoundingMode.HALF_UP) + "%";
    assertThat(text("#kpi-not-final")).isEqualTo(money(notFinal) + " (" + share + ")");
    JsonNode labels = json(role, "/v1/spend", query(range, "group_by", "accuracy", "order", "keys")).get("rows");
    List<String> expected = new ArrayList<>();
    for (JsonNode r : labels) {
      expected.add(r.get("accuracy").asText() + (r.get("accuracy").asText().equals("EXACT") ? " (provider-final)" : "") + ": "
          + money(new BigDecimal(r.get("cost_usd").asText())) + " · ");
    }
    assertThat(expected).hasSize(3);
    String tooltip = browser.findElement(By.id("card-not-final")).getAttribute("title");
    assertThat(tooltip.lines().skip(1).toList()).hasSize(3).allSatisfy(line -> assertThat(expected).anySatisfy(e -> assertThat(line).startsWith(e)));
    assertThat(browser.findElement(By.cssSelector("#card-not-final a")).getAttribute("href")).endsWith("/dashboard/accuracy.html");
  }

  /** The table's rows, in order: key and cost (and requests when shown) equal the API's answer. */
  private void assertTable(String role, String table, String path, Map<String, String> params, String keyColumn) throws Exception {
    List<String> expected = new ArrayList<>();
    for (JsonNode r : json(role, path, params).get("rows")) {
      expected.add(r.get(keyColumn).asText() + " | " + money(new BigDecimal(r.get("cost_usd").asText()))
          + " | " + String.format(Locale.US, "%,d", r.get("requests").asLong()));
    }
    List<String> shown = browser.findElements(By.cssSelector("table[data-name='" + table + "'] tbody tr")).stream()
        .map(tr -> tr.getAttribute("data-key") + " | " + cell(tr, "cost_usd") + " | " + cell(tr, "requests")).toList();
    assertThat(shown).as(table).isNotEmpty().isEqualTo(expected);
  }

  /**
   * The daily chart's data (read from the chart library's own model of it) against the API's daily
   * answer: a series per key, a bar per day of the period, each the key's spend of that day in dollars
   * rounded to cents (or 0).
   */
  @SuppressWarnings("unchecked")
  private void assertDailyChart(String role, Map<String, String> range, String dim) throws Exception {
    List<Map<String, Object>> series = (List<Map<String, Object>>) script(
        "const o = echarts.getInstanceByDom(document.getElementById('chart-over-time')).getOption();"
            + " return o.series.map(s => ({name: s.name, data: s.data}));");
    List<String> days = (List<String>) script(
        "return echarts.getInstanceByDom(document.getElementById('chart-over-time')).getOption().xAxis[0].data;");
    assertThat(days).hasSize((int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(range.get("from")), LocalDate.parse(range.get("to"))));
    Map<String, Map<String, BigDecimal>> expected = new LinkedHashMap<>();
    for (JsonNode r : json(role, "/v1/spend", query(range, "group_by", dim, "granularity", "day", "limit", "10000")).get("rows")) {
      expected.computeIfAbsent(r.get(dim).asText(), k -> new HashMap<>()).put(r.get("period").asText(), new BigDecimal(r.get("cost_usd").asText()));
    }
    assertThat(series).extracting(m -> (String) m.get("name")).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map<String, Object> s : series) {
      List<Number> values = (List<Number>) s.get("data");
      for (int i = 0; i < days.size(); i++) {
        BigDecimal cost = expected.get((String) s.get("name")).getOrDefault(days.get(i), BigDecimal.ZERO);
        assertThat(values.get(i).doubleValue()).as(s.get("name") + " " + days.get(i))
            .isCloseTo(cost.setScale(2, RoundingMode.HALF_UP).doubleValue(), org.assertj.core.data.Offset.offset(0.0001));
      }
    }
  }

  private void assertBudgets(String role, String path) throws Exception {
    List<String> expected = new ArrayList<>();
    for (JsonNode b : json(role, path, Map.of()).get("rows")) {
      expected.add(b.get("id").asText() + " | " + money(new BigDecimal(b.get("spend_usd").asText())) + " | "
          + money(new BigDecimal(b.get("limit_usd").asText())) + " | " + money(new BigDecimal(b.get("projected_usd").asText())) + " | "
          + b.get("status").asText());
    }
    List<String> shown = browser.findElements(By.cssSelector("table[data-name='budgets'] tbody tr")).stream()
        .map(tr -> tr.getAttribute("data-key") + " | " + cell(tr, "spend_usd") + " | " + cell(tr, "limit_usd") + " | "
            + cell(tr, "projected_usd") + " | " + cell(tr, "status")).toList();
    assertThat(shown).isNotEmpty().isEqualTo(expected);
    assertThat(shown).extracting(s -> s.substring(s.lastIndexOf(' ') + 1)).contains("exceeded");
  }

  /** The efficiency panel renders the route when the server has it, and says quietly that it has not otherwise. */
  private void assertEfficiency(String role, Map<String, String> range) throws Exception {
    HttpResponse<String> r = get(role, "/v1/efficiency", range);
    if (r.statusCode() == 404) {
      assertThat(browser.findElements(By.cssSelector("[data-efficiency='unavailable']"))).hasSize(1);
    } else {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(browser.findElements(By.cssSelector("[data-efficiency='unavailable']"))).isEmpty();
      assertThat(text("#efficiency .facts")).contains("cache hit ratio");
    }
  }

  private static String cell(WebElement tr, String column) {
    List<WebElement> td = tr.findElements(By.cssSelector("td[data-col='" + column + "']"));
    return td.isEmpty() ? "" : td.get(0).getAttribute("textContent").trim();
  }

  /** No script error and no Content-Security-Policy violation in the browser's console. */
  private void assertNoConsoleErrors() {
    List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() || e.getMessage().contains("Content Security Policy"))
        // the browser logs every 4xx answer; the page asks /v1/efficiency and says "not available" on 404
        .filter(e -> !(e.getMessage().contains("/v1/efficiency?") && e.getMessage().contains("status of 404")))
        .map(LogEntry::getMessage).toList();
    assertThat(severe).isEmpty();
  }

  private void screenshot(String name) throws Exception {
    Path file = SHOTS.resolve(name);
    HeadlessChromium.screenshot(browser, file);
    assertThat(size(file)).isGreaterThan(10_000);
    if (Boolean.getBoolean("dashboard.screenshots.docs")) {
      Path docs = StackEnv.repoRoot().resolve("docs/images");
      Files.createDirectories(docs);
      Files.copy(file, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  // ---- the API and the warehouse ----

  private static Map<String, String> query(Map<String, String> range, String... more) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("from", range.get("from"));
    q.put("to", range.get("to"));
    if (range.containsKey("team")) {
      q.put("team", range.get("team"));
    }
    for (int i = 0; i < more.length; i += 2) {
      q.put(more[i], more[i + 1]);
    }
    return q;
  }

  private static HttpResponse<String> get(String role, String path, Map<String, String> params) throws Exception {
    StringBuilder q = new StringBuilder();
    params.forEach((k, v) -> {
      if (!k.equals("to_inclusive")) {
        q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path + q))
        .header("Authorization", "Bearer " + TOKENS.get(role)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String role, String path, Map<String, String> params) throws Exception {
    HttpResponse<String> r = get(role, path, params);
    assertThat(r.statusCode()).as(path + params + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void putBudget(String id, String scope, String value, String period, BigDecimal limit) throws Exception {
    String body = "{\"scope\": \"" + scope + "\", \"value\": \"" + value + "\", \"period\": \"" + period + "\", \"limit_usd\": \""
        + limit.max(BigDecimal.ONE).setScale(2, RoundingMode.HALF_UP).toPlainString() + "\", \"thresholds\": [50, 80, 100]}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/budgets/" + id))
        .header("Authorization", "Bearer " + TOKENS.get("admin")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static BigDecimal sqlSum(String where) {
    return new BigDecimal(db.rows("SELECT toString(sum(cost_total)) AS c FROM usage_events FINAL WHERE org_id = '" + ORG + "' AND " + where)
        .get(0).get("c"));
  }

  /** The page's money: rounded half-up to cents, thousands grouped, "$" before, "-" before that. */
  static String money(BigDecimal usd) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    String s = f.format(usd.abs());
    return (usd.signum() < 0 && !s.equals("0.00") ? "-$" : "$") + s;
  }

  /** Four weeks of usage up to today: sessions of 4..24 requests per user and working day, sub-agents, tools, MCP servers, cache. */
  private static String seed() {
    Random random = new Random(20261207);
    StringBuilder rows = new StringBuilder();
    int n = 0;
    for (LocalDate day = today.minusDays(27); !day.isAfter(today); day = day.plusDays(1)) {
      boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      for (String[] u : USERS) {
        int sessions = weekend ? random.nextInt(2) : 1 + random.nextInt(2);
        for (int s = 0; s < sessions; s++) {
          String session = u[0] + "-" + day + "-" + s;
          String project = u[3].split(" ")[random.nextInt(u[3].split(" ").length)];
          String branch = BRANCHES[random.nextInt(BRANCHES.length)];
          String[] m = MODELS[u[0].equals("dan") ? 2 + random.nextInt(2) : random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(3)];
          int requests = 4 + random.nextInt(21);
          for (int i = 0; i < requests; i++) {
            boolean sub = random.nextInt(4) == 0;
            long input = 200 + random.nextInt(4000);
            long output = 100 + random.nextInt(2500);
            long cacheWrite = i == 0 ? 20_000 + random.nextInt(20_000) : random.nextInt(3) == 0 ? random.nextInt(8_000) : 0;
            long cacheRead = i == 0 ? 0 : 10_000 + random.nextInt(60_000);
            BigDecimal in = new BigDecimal(m[3]).movePointLeft(6);
            BigDecimal cost = in.multiply(BigDecimal.valueOf(input))
                .add(new BigDecimal(m[4]).movePointLeft(6).multiply(BigDecimal.valueOf(output)))
                .add(in.multiply(new BigDecimal("1.25")).multiply(BigDecimal.valueOf(cacheWrite)))
                .add(in.multiply(new BigDecimal("0.1")).multiply(BigDecimal.valueOf(cacheRead)))
                .setScale(9, RoundingMode.HALF_UP);
            BigDecimal savings = in.multiply(new BigDecimal("0.9")).multiply(BigDecimal.valueOf(cacheRead)).setScale(9, RoundingMode.HALF_UP);
            String[] tools = TOOLS[random.nextInt(TOOLS.length)];
            String time = day + " " + String.format("%02d:%02d:%02d", 8 + (s * 5 + i / 6) % 12, (i * 7) % 60, random.nextInt(60));
            String accuracy = LABELS[n % LABELS.length];
            rows.append(String.join("\t", "dash-" + n++, ORG, time, "0", day.toString(),
                day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString(), day.withDayOfMonth(1).toString(),
                m[2], m[1], m[0], m[0], u[0], "h-" + u[0], u[1], u[2], project, branch, session,
                sub ? SUBAGENTS[random.nextInt(SUBAGENTS.length)] : "", sub ? "subagent" : "main", STEPS[random.nextInt(STEPS.length)],
                sub ? "1" : "0", Long.toString(input), Long.toString(output), Long.toString(cacheWrite), Long.toString(cacheRead),
                tools[0], tools[1], cost.toPlainString(), savings.toPlainString(), accuracy, "1")).append('\n');
          }
        }
      }
    }
    return rows.toString();
  }
}
