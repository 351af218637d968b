package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent budget}: the line from the API, the exit status for scripts, the cache, and never blocking work. */
class BudgetCommandTest {

  @TempDir
  Path home;

  private HttpServer api;
  private final List<String> asked = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{\"query_id\":\"q\",\"line\":\"budget: team platform 82% of $500.00/month (projected 104%)\",\"exceeded\":false,\"rows\":[]}";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/v1/budgets/status", ex -> {
      synchronized (asked) {
        asked.add(URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()), StandardCharsets.UTF_8));
        authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    api.start();
    Files.createDirectories(home.resolve(".config/tokenledger"));
    Files.writeString(home.resolve(".config/tokenledger/api-token"), "tlk_abc_secret\n");
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private int run(Map<String, String> extraEnv, String... args) {
    out.reset();
    Map<String, String> env = new java.util.HashMap<>(Map.of("TOKENLEDGER_API_URL", "http://127.0.0.1:" + api.getAddress().getPort()));
    env.putAll(extraEnv);
    List<String> all = new ArrayList<>(List.of("--state-dir", home.resolve("state").toString(), "budget", "--dir", home.toString()));
    all.addAll(List.of(args));
    return AgentMain.execute(all.toArray(String[]::new), List::of, new SourceEnvironment(env, home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void printsTheApisLineForThisProjectWithTheUsersToken() {
    assertThat(run(Map.of(), "--max-age", "0s")).isZero();
    assertThat(printed()).isEqualTo("budget: team platform 82% of $500.00/month (projected 104%)");
    assertThat(asked.get(0)).startsWith("project=dir:");
    assertThat(authorizations.get(0)).isEqualTo("Bearer tlk_abc_secret");
  }

  @Test
  void theCostCentreAskedForIsTheCachedOrganisationMappingsWhenNoneIsConfigured() throws IOException {
    String location = home.resolve("org-mapping.json").toString();
    Path cache = Files.createDirectories(home.resolve("state/org-mapping"));
    Files.writeString(cache.resolve("document"),
        "{\"version\": 1, \"rules\": [{\"email\": \"*@payments.example.com\", \"cost_centre\": \"CC-1200\"}]}");
    Files.writeString(cache.resolve("meta.json"), "{\"location\": \"" + location + "\", \"fetchedAt\": \"2026-12-07T10:00:00Z\","
        + " \"checkedAt\": \"2026-12-07T10:00:00Z\"}");
    Map<String, String> env = Map.of("TOKENLEDGER_AGENT_ORG_MAPPING", location,
        "TOKENLEDGER_AGENT_USER_EMAIL", "ada@payments.example.com");
    assertThat(run(env, "--max-age", "0s")).isZero();
    assertThat(asked.get(0)).as("the mapping's location (a missing file) is not read: a budget check never waits")
        .contains("cost_centre=CC-1200");
    assertThat(run(Map.of("TOKENLEDGER_AGENT_ORG_MAPPING", location, "TOKENLEDGER_AGENT_USER_EMAIL",
        "ada@payments.example.com", "TOKENLEDGER_AGENT_COST_CENTRE", "CC-LOCAL"), "--max-age", "0s")).isZero();
    assertThat(asked.get(1)).contains("cost_centre=CC-LOCAL");
  }

  @Test
  void anExceededBudgetExitsFiveForScripts() {
    body = "{\"line\":\"budget: user alice 112% of $50.00/day\",\"exceeded\":true}";
    assertThat(run(Map.of(), "--max-age", "0s")).isEqualTo(ExitCodes.BUDGET_EXCEEDED);
    assertThat(printed()).isEqualTo("budget: user alice 112% of $50.00/day");
  }

  @Test
  void aStatusIsReusedWhileYoungSoAStatusLineAsksRarely() {
    run(Map.of());
    run(Map.of());
    assertThat(asked).hasSize(1);
    run(Map.of(), "--max-age", "0s");
    assertThat(asked).hasSize(2);
  }

  @Test
  void anApiThatCannotAnswerNeverBlocksWork() {
    status = 503;
    assertThat(run(Map.of(), "--max-age", "0s")).isZero();
    assertThat(printed()).isEqualTo("budget: unknown (API answered 503)");
    assertThat(run(Map.of(), "--max-age", "0s", "--strict")).isEqualTo(ExitCodes.FAILED);
    status = 401;
    run(Map.of(), "--max-age", "0s");
    assertThat(printed()).isEqualTo("budget: unknown (token refused)");
    api.stop(0);
    assertThat(run(Map.of(), "--max-age", "0s", "--timeout", "1s")).isZero();
    assertThat(printed()).isEqualTo("budget: unknown (API unreachable)");
  }

  @Test
  void theTokenComesFromTheEnvironmentFirstAndIsNeverPrinted() throws IOException {
    run(Map.of("TOKENLEDGER_API_TOKEN", "tlk_env_token"), "--max-age", "0s");
    assertThat(authorizations.get(0)).isEqualTo("Bearer tlk_env_token");
    Files.delete(home.resolve(".config/tokenledger/api-token"));
    run(Map.of(), "--max-age", "0s");
    assertThat(printed()).startsWith("budget: unknown (no API token").doesNotContain("tlk_");
  }
}
