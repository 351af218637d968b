package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static java.util.Comparator.comparing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.warehouse.QueryTemplate;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every cookbook query on the real local ClickHouse, over a known event set inserted through the sink's
 * row mapping; each result is checked against the same question answered in Java over the events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CookbookIT {

  private static final Instant NOV_1 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String[] TEAMS = {"platform", "data", null};
  private static final String[] USERS = {"alice@laptop", "bob@desk", "carol@mac", "dave@box"};
  private static final String[] MODELS = {"claude-sonnet-4-5", "claude-opus-4-1", "gpt-5"};
  private static final String[] BRANCHES = {"main", "main", "feature/x", "feature/y", null};
  private static final String WIDGETS = "github.com/acme/widgets";

  private TestDatabase db;
  private final List<PricedUsage> events = new ArrayList<>();
  private final Map<String, QueryTemplate> queries = new HashMap<>();
  private List<PricedUsage> november;

  @BeforeAll
  void load() throws Exception {
    db = TestDatabase.migrated("cookbook");
    for (int i = 0; i < 32; i++) {
      Instant t = i < 30 ? NOV_1.plusSeconds(86_400L * i) : Instant.parse("2026-10-31T23:00:00Z").plusSeconds(i);
      String model = MODELS[(i / 2) % 3];
      boolean openai = model.equals("gpt-5");
      boolean sub = i % 4 == 3;
      UsageEvent e = claude("cb-" + i, t)
          .setSource(openai ? SourceTool.CODEX_CLI : SourceTool.CLAUDE_CODE)
          .setProvider(openai ? "openai" : "anthropic")
          .setModel(model)
          .setTeam(TEAMS[i % 3])
          .setCostCentre(i % 2 == 0 ? "cc-1" : "cc-2")
          .setProjectId(i % 3 == 0 ? WIDGETS : "github.com/acme/gadgets")
          .setUserId(USERS[i % 4])
          .setBranch(BRANCHES[i % 5])
          .setCommit(i % 2 == 0 ? "c" + (i / 6) : null)
          .setSessionId("s" + (i / 5))
          .setIsSidechain(sub)
          .setAgentRole(sub ? "subagent" : "main")
          .setAgentName(sub ? "reviewer" : null)
          .setTokens(tokens(1000, 500, 10L * i, 0, 100L * i))
          .setToolCalls(i % 2 == 0
              ? List.of(tool("Bash", null, 2), tool("mcp__github__create_issue", "github", 1))
              : List.of(tool("Read", null, 1)))
          .build();
      PricedUsage p = PricedEvents.priced(e, new BigDecimal("0.50").add(new BigDecimal("0.25").multiply(BigDecimal.valueOf(i))))
          .setNormalizedModel(model)
          .setCacheSavings(new BigDecimal("0.01").multiply(BigDecimal.valueOf(i)).setScale(9))
          .build();
      events.add(p);
    }
    RowBinaryWriter body = new RowBinaryWriter(64 * 1024);
    UsageRows rows = new UsageRows(ZoneOffset.UTC);
    for (int i = 0; i < events.size(); i++) {
      rows.write(events.get(i), "cookbook", 0, i, body);
    }
    db.client().insert(UsageRows.INSERT, body.toByteArray());
    BreachRows breaches = new BreachRows();
    RowBinaryWriter breachBody = new RowBinaryWriter(1024);
    breaches.write(PricedEvents.breach("platform-monthly", Instant.parse("2026-11-01T00:00:00Z"), 80), "b", 0, 0, breachBody);
    breaches.write(PricedEvents.breach("platform-monthly", Instant.parse("2026-11-01T00:00:00Z"), 100), "b", 0, 1, breachBody);
    breaches.write(PricedEvents.breach("platform-monthly", Instant.parse("2026-10-01T00:00:00Z"), 80), "b", 0, 2, breachBody);
    breaches.write(PricedEvents.breach("platform-monthly", Instant.parse("2026-11-01T00:00:00Z"), 80), "b", 0, 0, breachBody);   // re-inserted
    db.client().insert(BreachRows.INSERT, breachBody.toByteArray());
    for (QueryTemplate q : QueryTemplate.shipped()) {
      queries.put(q.name(), q);
    }
    november = events.stream().filter(p -> p.getEvent().getEventTime().isAfter(Instant.parse("2026-11-01T00:00:00Z"))).toList();
  }

  @AfterAll
  void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void monthlyChargebackByTeam() {
    assertThat(run("01_monthly_chargeback_by_team"))
        .extracting(r -> r.get("team_name") + "|" + r.get("requests") + "|" + r.get("cost_usd") + "|" + r.get("cache_savings_usd")
            + "|" + r.get("cache_read_tokens"))
        .containsExactlyElementsOf(byKey(november, p -> orNone(p.getEvent().getTeam(), "(no team)"), true,
            g -> g.size() + "|" + cost(g) + "|" + savings(g) + "|" + g.stream().mapToLong(p -> p.getEvent().getTokens().getCacheRead()).sum()));
  }

  @Test
  void monthlyChargebackByCostCentre() {
    assertThat(run("02_monthly_chargeback_by_cost_centre"))
        .extracting(r -> r.get("cost_centre_name") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(byKey(november, p -> p.getEvent().getCostCentre(), true, g -> g.size() + "|" + cost(g)));
  }

  @Test
  void monthlyChargebackByProject() {
    assertThat(run("03_monthly_chargeback_by_project"))
        .extracting(r -> r.get("project_id") + "|" + r.get("requests") + "|" + r.get("cost_usd") + "|" + r.get("input_tokens"))
        .containsExactlyElementsOf(byKey(november, p -> p.getEvent().getProjectId(), true,
            g -> g.size() + "|" + cost(g) + "|" + 1000L * g.size()));
  }

  @Test
  void monthlyCostByModelWithShares() {
    BigDecimal total = sum(november);
    assertThat(run("04_monthly_cost_by_model"))
        .extracting(r -> r.get("model") + "|" + r.get("cost_usd") + "|" + r.get("share_percent"))
        .containsExactlyElementsOf(byKey(november, PricedUsage::getNormalizedModel, true,
            g -> cost(g) + "|" + share(sum(g), total)));
  }

  @Test
  void topSpenders() {
    List<String> all = byKey(november, p -> p.getEvent().getUserId(), true, g -> g.size() + "|" + cost(g));
    assertThat(run("05_top_spenders", Map.of("top", "3")))
        .extracting(r -> r.get("user_id") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(all.subList(0, 3));
  }

  @Test
  void costPerProjectPerWeek() {
    Map<String, List<PricedUsage>> groups = new TreeMap<>();
    for (PricedUsage p : november) {
      LocalDate monday = p.getEvent().getEventTime().atZone(ZoneOffset.UTC).toLocalDate()
          .with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      groups.computeIfAbsent(monday + "|" + p.getEvent().getProjectId(), k -> new ArrayList<>()).add(p);
    }
    List<String> expected = groups.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, List<PricedUsage>>, String>comparing(en -> en.getKey().split("\\|")[0])
            .thenComparing(en -> sum(en.getValue()), Comparator.reverseOrder())
            .thenComparing(Map.Entry::getKey))
        .map(en -> en.getKey() + "|" + en.getValue().size() + "|" + cost(en.getValue())).toList();
    assertThat(run("06_cost_per_project_per_week"))
        .extracting(r -> r.get("week") + "|" + r.get("project_id") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void cacheHitRatioPerTeam() {
    Map<String, List<PricedUsage>> byTeam = november.stream()
        .collect(Collectors.groupingBy(p -> orNone(p.getEvent().getTeam(), "(no team)")));
    List<String> expected = byTeam.entrySet().stream().map(en -> {
      long read = en.getValue().stream().mapToLong(p -> p.getEvent().getTokens().getCacheRead()).sum();
      long prompt = en.getValue().stream().mapToLong(p -> p.getEvent().getTokens().getInput()
          + p.getEvent().getTokens().getCacheWrite5m() + p.getEvent().getTokens().getCacheRead()).sum();
      double ratio = BigDecimal.valueOf(read).divide(BigDecimal.valueOf(prompt), 4, RoundingMode.HALF_EVEN).doubleValue();
      return Map.entry(ratio, en.getKey() + "|" + read + "|" + prompt + "|" + ratio + "|" + savings(en.getValue()));
    }).sorted(Map.Entry.<Double, String>comparingByKey().reversed().thenComparing(Map.Entry::getValue))
        .map(Map.Entry::getValue).toList();
    assertThat(run("07_cache_hit_ratio_per_team"))
        .extracting(r -> r.get("team_name") + "|" + r.get("cache_read_tokens") + "|" + r.get("prompt_tokens") + "|"
            + Double.parseDouble(r.get("cache_hit_ratio")) + "|" + r.get("cache_savings_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void modelMixPerTeam() {
    Map<String, List<PricedUsage>> groups = november.stream().collect(Collectors.groupingBy(
        p -> orNone(p.getEvent().getTeam(), "(no team)") + "|" + p.getNormalizedModel()));
    List<String> expected = groups.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, List<PricedUsage>>, String>comparing(en -> en.getKey().split("\\|")[0])
            .thenComparing(en -> sum(en.getValue()), Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
        .map(en -> en.getKey() + "|" + en.getValue().size() + "|" + cost(en.getValue())).toList();
    assertThat(run("08_model_mix_per_team"))
        .extracting(r -> r.get("team_name") + "|" + r.get("model_name") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void sessionsOverACost() {
    BigDecimal min = new BigDecimal("8");
    List<String> expected = byKey(november, p -> p.getEvent().getSessionId(), true, g -> g.size() + "|" + cost(g))
        .stream().filter(s -> new BigDecimal(s.substring(s.lastIndexOf('|') + 1)).compareTo(min) > 0).toList();
    assertThat(expected).isNotEmpty();
    assertThat(run("09_sessions_over_cost", Map.of("min_cost", "8")))
        .extracting(r -> r.get("session_id") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void spendByBranch() {
    List<PricedUsage> widgets = filter(november, p -> p.getEvent().getProjectId().equals(WIDGETS));
    assertThat(run("10_spend_by_branch"))
        .extracting(r -> r.get("branch_name") + "|" + r.get("requests") + "|" + r.get("sessions") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(byKey(widgets, p -> orNone(p.getEvent().getBranch(), "(unknown)"), true,
            g -> g.size() + "|" + g.stream().map(p -> p.getEvent().getSessionId()).distinct().count() + "|" + cost(g)));
  }

  @Test
  void dailyCost() {
    List<String> expected = byKey(november, p -> day(p).toString(), false, g -> g.size() + "|" + cost(g) + "|" + savings(g));
    assertThat(run("11_daily_cost"))
        .extracting(r -> r.get("day") + "|" + r.get("requests") + "|" + r.get("cost_usd") + "|" + r.get("cache_savings_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void dailyCostByTeam() {
    Map<String, List<PricedUsage>> groups = november.stream().collect(Collectors.groupingBy(
        p -> day(p) + "|" + orNone(p.getEvent().getTeam(), "(no team)")));
    List<String> expected = new TreeMap<>(groups).entrySet().stream()
        .map(en -> en.getKey() + "|" + en.getValue().size() + "|" + cost(en.getValue())).toList();   // one team per day
    assertThat(run("12_daily_cost_by_team"))
        .extracting(r -> r.get("day") + "|" + r.get("team_name") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void monthlyCostByAssistantAndProvider() {
    List<String> expected = new ArrayList<>();
    byKey(november, p -> p.getEvent().getProvider(), true, g -> g.size() + "|" + cost(g)).forEach(s -> expected.add("provider|" + s));
    byKey(november, p -> p.getEvent().getSource().name(), true, g -> g.size() + "|" + cost(g)).forEach(s -> expected.add("source|" + s));
    assertThat(run("13_monthly_cost_by_assistant"))
        .extracting(r -> r.get("dimension") + "|" + r.get("value") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void mainVersusSubagents() {
    assertThat(run("14_main_vs_subagents"))
        .extracting(r -> r.get("chain") + "/" + r.get("role") + "/" + r.get("agent") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(byKey(november, p -> p.getEvent().getIsSidechain() ? "subagent/subagent/reviewer" : "main/main/(none)",
            true, g -> g.size() + "|" + cost(g)));
  }

  @Test
  void toolAndMcpUsage() {
    List<PricedUsage> withMcp = filter(november, p -> p.getEvent().getToolCalls().size() == 2);
    List<PricedUsage> withRead = filter(november, p -> p.getEvent().getToolCalls().size() == 1);
    assertThat(run("15_tool_and_mcp_usage"))
        .extracting(r -> r.get("tool") + "|" + r.get("mcp_server") + "|" + r.get("tool_calls") + "|" + r.get("responses") + "|"
            + r.get("responses_cost_usd"))
        .containsExactly(
            "Bash|(built-in)|" + 2 * withMcp.size() + "|" + withMcp.size() + "|" + cost(withMcp),
            "Read|(built-in)|" + withRead.size() + "|" + withRead.size() + "|" + cost(withRead),
            "mcp__github__create_issue|github|" + withMcp.size() + "|" + withMcp.size() + "|" + cost(withMcp));
  }

  @Test
  void costPerCommit() {
    List<PricedUsage> widgets = filter(november, p -> p.getEvent().getProjectId().equals(WIDGETS) && p.getEvent().getCommit() != null);
    assertThat(run("16_cost_per_commit"))
        .extracting(r -> r.get("git_commit") + "|" + r.get("requests") + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(byKey(widgets, p -> p.getEvent().getCommit(), true, g -> g.size() + "|" + cost(g)));
  }

  @Test
  void budgetBreachesOncePerBreachId() {
    assertThat(run("17_budget_breaches"))
        .extracting(r -> r.get("budget_id") + "|" + r.get("scope") + "|" + r.get("period_start") + "|" + r.get("threshold_percent")
            + "|" + r.get("spend_usd"))
        .containsExactly("platform-monthly|TEAM|2026-11-01 00:00:00|80|80.000000000",
            "platform-monthly|TEAM|2026-11-01 00:00:00|100|80.000000000");
  }

  @Test
  void oneUsersCostByModel() {
    List<PricedUsage> alice = filter(november, p -> p.getEvent().getUserId().equals("alice@laptop"));
    assertThat(run("18_user_cost_by_model"))
        .extracting(r -> r.get("model_name") + "|" + r.get("requests") + "|" + r.get("input_usd") + "|" + r.get("output_usd")
            + "|" + r.get("cost_usd"))
        .containsExactlyElementsOf(byKey(alice, PricedUsage::getNormalizedModel, true, g -> g.size() + "|"
            + g.stream().map(p -> p.getCost().getInput()).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(9) + "|"
            + g.stream().map(p -> p.getCost().getOutput()).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(9) + "|" + cost(g)));
  }

  @Test
  void theViewsAnswerThisMonthAndPerDayQuestionsInOneLine() {
    assertThat(db.value("SELECT toString(sum(cost_usd)) FROM daily_cost WHERE org_id = 'acme'")).isEqualTo(cost(events));
    assertThat(db.value("SELECT toString(sum(cost_usd)) FROM monthly_cost_by WHERE dimension = 'user' AND month = '2026-10-01'"))
        .isEqualTo(cost(filter(events, p -> !november.contains(p))));
    assertThat(db.value("SELECT count() FROM usage_events_final")).isEqualTo(String.valueOf(events.size()));
  }

  @Test
  void everyShippedQueryIsCoveredHere() {
    assertThat(queries.keySet()).hasSize(18);
  }

  private List<Map<String, String>> run(String name) {
    return run(name, Map.of());
  }

  private List<Map<String, String>> run(String name, Map<String, String> overrides) {
    QueryTemplate q = queries.get(name);
    assertThat(q).as(name).isNotNull();
    Map<String, String> values = new HashMap<>();
    q.params().values().forEach(p -> values.put(p.name(), p.sample()));
    values.putAll(overrides);
    return db.rows(q.render(values));
  }

  /** "key|<value of group>" per group, ordered by cost descending then key (or by key only). */
  private static List<String> byKey(List<PricedUsage> ps, Function<PricedUsage, String> key, boolean byCost,
      Function<List<PricedUsage>, String> value) {
    Map<String, List<PricedUsage>> groups = new TreeMap<>(ps.stream().collect(Collectors.groupingBy(key)));
    Comparator<Map.Entry<String, List<PricedUsage>>> order = byCost
        ? comparing((Map.Entry<String, List<PricedUsage>> en) -> sum(en.getValue())).reversed().thenComparing(Map.Entry::getKey)
        : comparing(Map.Entry::getKey);
    return groups.entrySet().stream().sorted(order).map(en -> en.getKey() + "|" + value.apply(en.getValue())).toList();
  }

  private static List<PricedUsage> filter(List<PricedUsage> ps, Predicate<PricedUsage> p) {
    return ps.stream().filter(p).toList();
  }

  private static BigDecimal sum(List<PricedUsage> ps) {
    return ps.stream().map(p -> p.getCost().getTotal()).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(9);
  }

  private static String cost(List<PricedUsage> ps) {
    return sum(ps).toPlainString();
  }

  private static String savings(List<PricedUsage> ps) {
    return ps.stream().map(PricedUsage::getCacheSavings).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(9).toPlainString();
  }

  private static String share(BigDecimal part, BigDecimal total) {
    return String.valueOf(part.multiply(BigDecimal.valueOf(100)).divide(total, 2, RoundingMode.HALF_EVEN).doubleValue());
  }

  private static LocalDate day(PricedUsage p) {
    return p.getEvent().getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static String orNone(String v, String none) {
    return v == null || v.isEmpty() ? none : v;
  }

  private static ToolCall tool(String name, String server, int count) {
    return ToolCall.newBuilder().setName(name).setMcpServer(server).setMcpTool(server == null ? null : "create_issue")
        .setCount(count).build();
  }
}
