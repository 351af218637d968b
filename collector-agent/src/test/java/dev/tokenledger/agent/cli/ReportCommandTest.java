package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent report}: what it asks the API, that it reads every page, and its exit statuses. */
class ReportCommandTest {

  @TempDir
  Path home;

  private HttpServer api;
  private final List<String> asked = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private volatile int status = 200;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static String row(String period, String model, long input, String cost) {
    return "{\"period\":\"" + period + "\",\"model\":\"" + model + "\",\"requests\":1,\"first_request\":\"" + period
        + "\",\"last_request\":\"" + period + "\",\"input_tokens\":" + input + ",\"output_tokens\":1,\"cache_write_5m_tokens\":1,"
        + "\"cache_write_1h_tokens\":1,\"cache_read_tokens\":1,\"reasoning_tokens\":0,\"cost_usd\":\"" + cost
        + "\",\"cache_savings_usd\":\"0\"}";
  }

  /** A row whose whole cost is not provider-final (the other rows carry no not_final_cost_usd, as an older API). */
  private static String estimated(String period, String model, long input, String cost) {
    return row(period, model, input, cost).replace("}", ",\"not_final_cost_usd\":\"" + cost + "\",\"not_final_share\":\"1.000000\"}");
  }

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/v1/spend", ex -> {
      String query = URLDecoder.decode(String.valueOf(ex.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
      synchronized (asked) {
        asked.add(query);
        authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
      }
      String body;
      if (status != 200) {
        body = "{\"error\":\"from: not a day YYYY-MM-DD\",\"query_id\":\"q\"}";
      } else if (!query.contains("cursor=")) {
        body = "{\"rows\":[" + row("2026-11-02T09:00:00Z", "opus", 100, "1.000000001") + "," + estimated("2026-11-02T10:00:00Z", "sonnet", 10, "0.5")
            + "],\"truncated\":true,\"next\":\"page-2\"}";
      } else {
        body = "{\"rows\":[" + row("2026-11-03T09:00:00Z", "opus", 1000, "2") + "],\"truncated\":false,\"next\":null}";
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    Map<String, String> env = new HashMap<>(Map.of("TOKENLEDGER_API_URL", "http://127.0.0.1:" + api.getAddress().getPort(),
        "TOKENLEDGER_API_TOKEN", "tlk_dev_secret"));
    List<String> all = new ArrayList<>(List.of("--state-dir", home.resolve("state").toString(), "report"));
    all.addAll(List.of(args));
    return AgentMain.execute(all.toArray(String[]::new), List::of, new SourceEnvironment(env, home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void dailyAsksForHourlyRowsWithTheTokenReadsEveryPageAndTotalsThemAll() throws Exception {
    assertThat(run("daily", "--since", "20261101", "--until", "2026-11-30", "--timezone", "UTC", "--user", "alice", "--json"))
        .isZero();
    assertThat(asked).hasSize(2);
    assertThat(asked.get(0)).contains("from=2026-10-30", "to=2026-12-03", "user=alice", "granularity=hour", "times=true",
        "group_by=model", "limit=10000").doesNotContain("cursor");
    assertThat(asked.get(1)).startsWith(asked.get(0)).endsWith("cursor=page-2");
    assertThat(authorizations).containsOnly("Bearer tlk_dev_secret");
    JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(doc.get("rows")).hasSize(2);
    assertThat(doc.at("/rows/0/models").toString()).isEqualTo("[\"opus\",\"sonnet\"]");
    assertThat(doc.at("/totals/input_tokens").asLong()).isEqualTo(1110);
    assertThat(doc.at("/totals/cache_creation_tokens").asLong()).isEqualTo(6);
    assertThat(doc.at("/totals/cost_usd").asText()).isEqualTo("3.500000001");
    assertThat(doc.at("/totals/not_final_cost_usd").asText()).isEqualTo("0.5");
    assertThat(doc.at("/totals/not_final_share").asText()).isEqualTo("0.142857");
    assertThat(doc.at("/rows/1/not_final_cost_usd").asText()).isEqualTo("0");
    assertThat(doc.at("/rows/1/not_final_share").asText()).isEqualTo("0.000000");
  }

  @Test
  void weeklyStartsOnSundayWhenAskedAndTheTableEndsWithTheTotal() {
    assertThat(run("weekly", "--since", "2026-11-01", "--until", "2026-11-30", "-z", "UTC", "--start-of-week", "sunday",
        "--width", "200")).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("│ Week ", "2026-11-01").contains("$3.50");
    assertThat(table.lines().filter(l -> l.startsWith("│ 2026-")).count()).isEqualTo(1);
    assertThat(table).endsWith("Not provider-final: $0.50 of $3.50 (14.3%) — estimated or lower-bound counts, not the provider's final usage\n");
  }

  @Test
  void badOptionsExit2AndApiFailuresExit1WithTheApisReason() {
    assertThat(run("daily", "--since", "yesterday")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--since: not a day");
    assertThat(run("weekly", "--start-of-week", "someday", "-s", "20261101", "-u", "20261130")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("daily", "--order", "sideways")).isEqualTo(ExitCodes.USAGE);
    assertThat(asked).isEmpty();
    status = 400;
    assertThat(run("daily", "-z", "UTC")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("API answered 400: from: not a day");
    status = 503;
    assertThat(run("blocks", "-z", "UTC")).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("report blocks: API answered 503");
  }
}
