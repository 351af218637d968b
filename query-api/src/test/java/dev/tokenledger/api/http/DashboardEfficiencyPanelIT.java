package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.browser.HeadlessChromium;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's efficiency panel in headless Chromium against scripted answers of the shared
 * {@code GET /v1/efficiency} contract (the route is built elsewhere): what the route answers is shown,
 * money rounded to cents, ratios as percentages, the smells with their recommendations, a CSV of each
 * table; and a 404 is a quiet "not available". The dashboard's own files and policy are the real ones.
 */
class DashboardEfficiencyPanelIT {

  private static final String EFFICIENCY = """
      {"from": "2026-11-01", "to": "2026-12-01", "tz": "UTC",
       "cache": {"hit_ratio": "0.8125", "target": "0.70", "meets_target": true, "savings_usd": "12.345",
                 "cache_read_tokens": 1000, "cache_write_tokens": 200, "input_tokens": 30},
       "activity": {"sessions": 10, "calls": 1234, "cost_usd": "40.00", "cost_per_session_usd": "4.004",
                    "active_minutes": 321, "cost_per_active_minute_usd": "0.124610591", "tokens_per_call": "812.5"},
       "commits": {"commits": 4, "lines_added": 100, "lines_removed": 20, "cost_per_commit_usd": "10.00",
                   "cost_per_changed_line_usd": null},
       "outlier_sessions": [{"session_id": "s-big", "user": "alice", "cost_usd": "19.995", "user_median_usd": "2.00", "ratio": "9.99"}],
       "share_by_agent": [{"agent": "", "cost_usd": "30.00", "share": "0.75"}, {"agent": "code-reviewer", "cost_usd": "10.00", "share": "0.25"}],
       "share_by_workflow_step": [{"workflow_step": "implement", "cost_usd": "40.00", "share": "1"}],
       "zombie_mcp_servers": [{"server": "=linear", "configured_users": 3, "last_call": null}],
       "smells": [{"code": "cache_writes_without_reads", "severity": "warning", "finding": "1 session wrote the cache and never read it",
                   "recommendation": "keep the prompt prefix stable"}]}
      """;

  private final DashboardAssets assets = DashboardAssets.load();
  private final Map<String, String> efficiencyQuery = new ConcurrentHashMap<>();
  private volatile boolean efficiencyExists = true;
  private Javalin api;
  private ChromeDriver browser;
  private final Path downloads = Path.of("target", "dashboard-downloads-efficiency");

  @BeforeEach
  void start() {
    api = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/dashboard", ctx -> file(ctx, ""));
      config.routes.get("/dashboard/<file>", ctx -> file(ctx, ctx.pathParam("file")));
      config.routes.get("/v1/me", ctx -> json(ctx, "{\"rows\": [{\"org\": \"acme\", \"user\": \"fin\", \"email\": \"\", \"role\": \"finance\","
          + " \"teams\": \"\", \"credential\": \"token:t\"}], \"truncated\": false, \"next\": null}"));
      config.routes.get("/v1/spend", ctx -> json(ctx, "{\"query\": {\"time_zone\": \"UTC\"}, \"rows\": [], \"truncated\": false, \"next\": null}"));
      config.routes.get("/v1/budgets", ctx -> json(ctx, "{\"rows\": [], \"truncated\": false, \"next\": null}"));
      config.routes.get("/v1/reconciliation", ctx -> json(ctx, "{\"threshold\": \"0.05\", \"rows\": []}"));
      config.routes.get("/v1/efficiency", ctx -> {
        if (!"Bearer t".equals(ctx.header("Authorization"))) {
          ctx.status(401);
          return;
        }
        ctx.queryParamMap().forEach((k, v) -> efficiencyQuery.put(k, String.join(",", v)));
        if (efficiencyExists) {
          json(ctx, EFFICIENCY);
        } else {
          ctx.status(404).contentType("application/json").result("{\"error\": \"no such endpoint\"}");
        }
      });
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    api.stop();
  }

  private void file(Context ctx, String name) {
    DashboardAssets.Asset a = assets.find(name).orElse(null);
    if (a == null) {
      ctx.status(404);
      return;
    }
    ctx.header("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY).contentType(a.contentType()).result(a.body());
  }

  private static void json(Context ctx, String body) {
    ctx.contentType("application/json").result(body);
  }

  private void open() {
    browser = HeadlessChromium.start(1360, 1800, downloads);
    browser.get("http://127.0.0.1:" + api.port() + "/dashboard/#from=2026-11-01&to=2026-11-30&token=t");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> List.of("ready", "partial", "failed")
        .contains(String.valueOf(browser.executeScript("return document.body.dataset.state"))));
    assertThat(browser.executeScript("return document.body.dataset.state")).as(browser.findElement(By.id("errors")).getText()).isEqualTo("ready");
  }

  private List<String> rows(String table) {
    return browser.findElements(By.cssSelector("table[data-name='" + table + "'] tbody tr")).stream()
        .map(tr -> String.join(" | ", tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())).toList();
  }

  @Test
  void theRoutesAnswerIsShownWithItsFindings() throws Exception {
    open();
    assertThat(efficiencyQuery).containsEntry("from", "2026-11-01").containsEntry("to", "2026-12-01");
    String facts = browser.findElement(By.cssSelector("#efficiency .facts")).getText();
    assertThat(facts).contains("81.3%", "target 70.0% — met", "$12.35", "$4.00", "10 sessions", "$0.12", "321 active minutes");
    assertThat(rows("eff-outliers")).containsExactly("s-big | alice | $20.00 | 9.99");
    assertThat(rows("eff-share-by-agent")).containsExactly("(none) | $30.00 | 75.0%", "code-reviewer | $10.00 | 25.0%");
    assertThat(rows("eff-share-by-workflow-step")).containsExactly("implement | $40.00 | 100.0%");
    assertThat(rows("eff-zombie-mcp-servers")).containsExactly("=linear | 3 | never");
    WebElement smell = browser.findElement(By.cssSelector("[data-smell='cache_writes_without_reads']"));
    assertThat(smell.getText()).contains("1 session wrote the cache and never read it", "keep the prompt prefix stable");
    assertThat(smell.getAttribute("class")).contains("severity-warning");

    // a table's CSV: the rows as shown in the answer, a formula-like cell defused
    Files.createDirectories(downloads);
    Path csv = downloads.resolve("tokenledger-efficiency-zombie-mcp-servers.csv");
    Files.deleteIfExists(csv);
    browser.findElement(By.cssSelector("[data-panel='eff-zombie-mcp-servers'] button.csv")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(csv) && csv.toFile().length() > 0);
    assertThat(Files.readString(csv)).isEqualTo("server,configured_users,last_call\r\n'=linear,3,\r\n");
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).isEmpty();
  }

  @Test
  void withoutTheRouteThePanelSaysQuietlyThatItIsNotAvailable() {
    efficiencyExists = false;
    open();
    assertThat(browser.findElement(By.cssSelector("[data-efficiency='unavailable']")).getText())
        .isEqualTo("Efficiency figures are not available on this server.");
    assertThat(browser.findElement(By.id("errors")).getText()).isEmpty();
  }
}
