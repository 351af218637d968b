package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.Sources;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.UsagePricer;
import dev.tokenledger.pricing.litellm.LiteLlmSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code agent daily|monthly|session} over the real sources on the shared fixtures (laid out under a fake
 * HOME): the requests are exactly those {@code backfill --dry-run} prints, and each day's cost is what
 * the stream processor's pricing gives those events one by one; the table, unpriced models, a price file
 * and bad options.
 */
class LocalReportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir
  Path home;

  SourceEnvironment env;

  @BeforeEach
  void layOutFixtures() throws IOException, URISyntaxException {
    Path fixtures = Path.of(getClass().getResource("/fixtures").toURI());
    copyTree(fixtures.resolve("claude-code"), home.resolve(".claude/projects/-home-dev-widgets"));
    copyTree(fixtures.resolve("codex"), home.resolve(".codex/sessions/2026/01/15"));
    try (Stream<Path> s = Files.list(fixtures.resolve("gemini"))) {
      int n = 0;
      for (Path p : s.sorted().toList()) {
        Path project = home.resolve(".gemini/tmp/project" + n++ + "/chats");
        if (Files.isDirectory(p)) {
          copyTree(p, project.getParent().getParent().resolve("dir" + n));
        } else {
          Files.createDirectories(project);
          Files.copy(p, project.resolve(p.getFileName()));
        }
      }
    }
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(1)));   // finished sessions: nothing held back
    try (Stream<Path> s = Files.walk(home)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
    env = new SourceEnvironment(Map.of(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), home);
  }

  @Test
  void dailyJsonHasTheDryRunsRequestsPricedOneByOneLikeTheStreamProcessor() throws Exception {
    Run dry = run(Sources::all, env, "backfill", "--dry-run");
    assertThat(dry.code).isZero();
    PriceBook book = new PriceBook();
    new LiteLlmSnapshot().loadShipped(Instant.EPOCH).forEach(book::put);
    UsagePricer pricer = new UsagePricer();
    Map<String, BigDecimal> costByDay = new TreeMap<>();
    Map<String, Long> tokensByDay = new TreeMap<>();
    Map<String, List<String>> unpricedByDay = new TreeMap<>();
    long events = 0;
    for (String line : dry.out.lines().toList()) {
      JsonNode e = JSON.readTree(line);
      events++;
      Instant at = Instant.parse(e.path("eventTime").asText());
      String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
      JsonNode t = e.path("tokens");
      TokenCounts tokens = TokenCounts.newBuilder().setInput(t.path("input").asLong()).setOutput(t.path("output").asLong())
          .setCacheWrite5m(t.path("cacheWrite5m").asLong()).setCacheWrite1h(t.path("cacheWrite1h").asLong())
          .setCacheRead(t.path("cacheRead").asLong()).setReasoning(0).setTool(0).build();
      tokensByDay.merge(day, tokens.getInput() + tokens.getOutput() + tokens.getCacheWrite5m() + tokens.getCacheWrite1h()
          + tokens.getCacheRead(), Long::sum);
      // what the stream processor's intake does with the event
      PriceResolution r = book.find(e.path("provider").asText(), e.path("model").asText(), at);
      if (r instanceof PriceResolution.Found f) {
        BigDecimal cost = pricer.quote(f.price(), tokens, text(e, "serviceTier"), text(e, "speed")).cost().getTotal();
        costByDay.merge(day, cost, BigDecimal::add);
      } else {
        costByDay.merge(day, BigDecimal.ZERO, BigDecimal::add);
        unpricedByDay.computeIfAbsent(day, d -> new java.util.ArrayList<>()).add(e.path("model").asText());
      }
    }
    assertThat(events).as("the fixtures hold requests").isGreaterThan(10);

    Run daily = run(Sources::all, env, "daily", "--json", "--timezone", "UTC");
    assertThat(daily.code).as(daily.err).isZero();
    JsonNode doc = JSON.readTree(daily.out);
    Map<String, BigDecimal> reportedCost = new TreeMap<>();
    Map<String, Long> reportedTokens = new TreeMap<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode d : doc.path("daily")) {
      reportedCost.put(d.path("date").asText(), d.path("totalCost").decimalValue());
      reportedTokens.put(d.path("date").asText(), d.path("totalTokens").asLong());
      sum = sum.add(d.path("totalCost").decimalValue());
      long breakdownTokens = 0;
      for (JsonNode b : d.path("modelBreakdowns")) {
        breakdownTokens += b.path("inputTokens").asLong() + b.path("outputTokens").asLong()
            + b.path("cacheCreationTokens").asLong() + b.path("cacheReadTokens").asLong();
      }
      assertThat(breakdownTokens).isEqualTo(d.path("totalTokens").asLong());
      assertThat(d.path("modelsUsed").size()).isEqualTo(d.path("modelBreakdowns").size());
    }
    assertThat(reportedTokens).isEqualTo(tokensByDay);
    assertThat(reportedCost.keySet()).isEqualTo(costByDay.keySet());
    costByDay.forEach((day, cost) -> assertThat(reportedCost.get(day)).as(day).isEqualByComparingTo(cost));
    assertThat(doc.path("totals").path("totalCost").decimalValue()).isEqualByComparingTo(sum);
    assertThat(doc.path("totals").path("totalCost").decimalValue()).isPositive();
    assertThat(doc.path("tokenledger").path("requests").asLong()).isEqualTo(events);
    assertThat(daily.out).as("money is written as exact decimals, not doubles").doesNotContainPattern("\\d[eE][-+]?\\d");
  }

  @Test
  void monthlyAndSessionReportsAddUpToTheSameTotals() throws Exception {
    JsonNode daily = JSON.readTree(run(Sources::all, env, "daily", "--json", "-z", "UTC").out);
    JsonNode monthly = JSON.readTree(run(Sources::all, env, "monthly", "--json", "-z", "UTC").out);
    JsonNode session = JSON.readTree(run(Sources::all, env, "session", "--json", "-z", "UTC").out);
    assertThat(monthly.path("totals")).isEqualTo(daily.path("totals"));
    assertThat(session.path("totals")).isEqualTo(daily.path("totals"));
    assertThat(monthly.path("monthly").get(0).path("month").asText()).matches("\\d{4}-\\d{2}");
    JsonNode first = session.path("sessions").get(0);
    assertThat(first.path("sessionId").asText()).isNotBlank();
    assertThat(first.path("lastActivity").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(first.has("projectPath")).isTrue();
  }

  @Test
  void theTableShowsEveryDayAModelRowPerModelWithBreakdownAndTheTotal() throws Exception {
    Run table = run(Sources::all, env, "daily", "--breakdown", "-z", "UTC", "--width", "250", "--since", "20260701",
        "--until", "2026-07-06");
    assertThat(table.code).as(table.err).isZero();
    assertThat(table.out).contains("│ Date ").contains("Cache Create").contains("│ Total ").contains("└─ claude-sonnet-5")
        .contains("2026-07-01").contains("2026-07-06").doesNotContain("2026-06-30").doesNotContain("2026-08-01")
        .contains("Priced offline with the bundled LiteLLM list");
  }

  @Test
  void anUnknownModelIsCountedButListedAsUnpricedNeverAsFree() throws Exception {
    Path logs = Files.createDirectories(home.resolve("tl/p"));
    Instant t = Instant.parse("2026-02-03T10:00:00Z");
    Files.writeString(logs.resolve("a.tl.jsonl"), TestLogSource.line("r1", "mystery-model-9", t, "s1", 1_000, 100, "/x")
        + TestLogSource.line("r2", "claude-sonnet-4-5", t.plusSeconds(5), "s1", 100_000, 0, "/x"));
    SourceEnvironment testEnv = new SourceEnvironment(Map.of(TestLogSource.ROOT_VARIABLE, home.resolve("tl").toString(),
        TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), home);
    Run json = run(() -> List.of(new TestLogSource()), testEnv, "daily", "--json", "-z", "UTC");
    JsonNode day = JSON.readTree(json.out).path("daily").get(0);
    assertThat(day.path("totalTokens").asLong()).isEqualTo(101_100);
    assertThat(day.path("totalCost").decimalValue()).isEqualByComparingTo("0.3");   // 100k input at 3 per million, below the 200k tier
    assertThat(day.path("unpricedModels").toString()).isEqualTo("[\"mystery-model-9\"]");
    JsonNode mystery = day.path("modelBreakdowns").get(1);
    assertThat(mystery.path("modelName").asText()).isEqualTo("mystery-model-9");
    assertThat(mystery.path("cost").isNull()).isTrue();
    assertThat(mystery.path("unpriced").asBoolean()).isTrue();
    assertThat(JSON.readTree(json.out).path("totals").path("unpricedModels").toString()).contains("mystery-model-9");

    Run table = run(() -> List.of(new TestLogSource()), testEnv, "daily", "-z", "UTC", "--width", "250");
    assertThat(table.out).contains("mystery-model-9 (unpriced)").contains("Unpriced (tokens counted, cost unknown")
        .contains("mystery-model-9: 1 requests, 1,100 tokens");
  }

  @Test
  void aLiteLlmPriceFileReplacesTheBundledList() throws Exception {
    Path logs = Files.createDirectories(home.resolve("tl/p"));
    Files.writeString(logs.resolve("a.tl.jsonl"),
        TestLogSource.line("r1", "claude-test-1", Instant.parse("2026-02-03T10:00:00Z"), "s1", 100, 10, "/x"));
    SourceEnvironment testEnv = new SourceEnvironment(Map.of(TestLogSource.ROOT_VARIABLE, home.resolve("tl").toString(),
        TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), home);
    Path prices = Path.of(getClass().getResource("/prices/one-model-litellm.json").toURI());
    Run run = run(() -> List.of(new TestLogSource()), testEnv, "daily", "--json", "--prices", prices.toString());
    assertThat(run.code).as(run.err).isZero();
    JsonNode doc = JSON.readTree(run.out);
    assertThat(doc.path("totals").path("totalCost").decimalValue()).isEqualTo(new BigDecimal("0.00012"));
    assertThat(doc.path("tokenledger").path("prices").asText()).isEqualTo(prices.toString());
    Run bundled = run(() -> List.of(new TestLogSource()), testEnv, "daily", "--json", "--offline");
    assertThat(JSON.readTree(bundled.out).path("totals").has("unpricedModels")).as("not in the bundled list").isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "daily --since 2026-13-01|daily: --since: not a day YYYYMMDD or YYYY-MM-DD: '2026-13-01'",
      "monthly --until yesterday|monthly: --until: not a day",
      "daily --since 20260302 --until 20260301|daily: --since (2026-03-02) is after --until (2026-03-01)",
      "session --timezone Mars/Olympus|session: --timezone: not a time zone: 'Mars/Olympus'",
      "daily --order sideways|daily: --order: asc or desc",
      "daily --threads 0|daily: --threads: at least 1",
      "daily --prices /nonexistent/prices.json|daily: --prices: no such file: /nonexistent/prices.json"})
  void aBadOptionIsExit2WithOneClearLine(String args, String message) {
    Run run = run(Sources::all, env, args.split(" "));
    assertThat(run.code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).startsWith(message);
    assertThat(run.out).isEmpty();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }

  record Run(int code, String out, String err) {}

  private Run run(Supplier<List<UsageSource>> sources, SourceEnvironment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AgentMain.execute(args, sources, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    }
  }

}
