package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.ClasspathSql;
import dev.tokenledger.warehouse.QueryTemplate;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner on the real ClickHouse: on generated events over two organisations, a month boundary and
 * a re-inserted duplicate, every question the rollups can answer gets the same rows from the rollups as
 * from the events, and both equal an independent hand-written SQL over {@code usage_events FINAL};
 * the events-only questions (combinations, branch, tools, MCP servers, sessions) equal their own
 * hand-written SQL; pages concatenate to the whole answer; session detail equals independent SQL.
 */
class SpendPlannerIT {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final LocalDate FROM = LocalDate.of(2026, 10, 26);
  private static final LocalDate TO = LocalDate.of(2026, 11, 10);
  private static final int EVENTS = 240;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, cost_centre, project_id, branch, session_id,"
      + " parent_session_id, agent_name, agent_role, workflow_step, is_sidechain, input_tokens, output_tokens,"
      + " cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens, tool_names, tool_mcp_servers,"
      + " accuracy, cost_total, cache_savings, version) FORMAT TabSeparated";
  /** The events columns of the dimensions, spelled here by hand (independently of the adapter's catalogue). */
  private static final Map<Dimension, String> COLUMN = Map.ofEntries(
      Map.entry(Dimension.ORG, "org_id"), Map.entry(Dimension.TEAM, "team"), Map.entry(Dimension.COST_CENTRE, "cost_centre"),
      Map.entry(Dimension.USER, "user_id"), Map.entry(Dimension.PROJECT, "project_id"), Map.entry(Dimension.MODEL, "normalized_model"),
      Map.entry(Dimension.PROVIDER, "provider"), Map.entry(Dimension.SOURCE, "source"), Map.entry(Dimension.BRANCH, "branch"),
      Map.entry(Dimension.AGENT_ROLE, "agent_role"), Map.entry(Dimension.WORKFLOW_STEP, "workflow_step"),
      Map.entry(Dimension.SESSION, "session_id"));
  /** Two values of each dimension that occur in the data (a filter of two). */
  private static final Map<Dimension, Set<String>> TWO = Map.of(
      Dimension.ORG, Set.of("acme", "globex"), Dimension.TEAM, Set.of("platform", "it's"),
      Dimension.COST_CENTRE, Set.of("cc-1", "cc-2"), Dimension.USER, Set.of("alice", "dave"),
      Dimension.PROJECT, Set.of("github.com/acme/api", "github.com/acme/etl"), Dimension.MODEL, Set.of("gpt-5", "claude-opus-4"),
      Dimension.PROVIDER, Set.of("openai", "anthropic"), Dimension.SOURCE, Set.of("CODEX_CLI", "CLAUDE_CODE"));

  private static TestDatabase db;
  private static ClickHouseSpendRepository repository;

  @BeforeAll
  static void seed() {
    db = TestDatabase.migrated("tl_planner_it");
    List<String> rows = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < EVENTS; i++) {
      rows.add(event(i, random));
    }
    db.client().insert(INSERT, String.join("", rows).getBytes(StandardCharsets.UTF_8));
    // A re-inserted copy of event 100 (a replay, on 2026-11-01): usage_events FINAL counts it once, the rollup view adds it
    // a second time until the month is rebuilt from the events (docs/warehouse.md, "Limits").
    db.client().insert(INSERT, rows.get(100).getBytes(StandardCharsets.UTF_8));
    repository = ClickHouseSpendRepository.of(
        new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), db.name()), Map.of("readonly", "1")),
        QueryLimits.DEFAULTS);
    SpendQuery total = question(List.of(), Granularity.TOTAL, Map.of(), SortOrder.COST);
    assertThat(repository.spend(total, QueryId.random()).rows().get(0).requests())
        .as("the rollups count the replayed copy").isEqualTo(repository.spendFromEvents(total, QueryId.random()).rows().get(0).requests() + 1);
    rebuildRollups(2026, 10);
    rebuildRollups(2026, 11);
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void rollupAnswersEqualEventAnswersEqualHandWrittenSql() {
    int questions = 0;
    for (Dimension d : TWO.keySet()) {
      for (Granularity g : Granularity.values()) {
        List<Map<Dimension, Set<String>>> filterSets = List.of(
            Map.of(),
            Map.of(Dimension.ORG, Set.of("acme")),
            d == Dimension.ORG ? Map.of(Dimension.ORG, TWO.get(d)) : Map.of(Dimension.ORG, Set.of("acme"), d, TWO.get(d)));
        for (Map<Dimension, Set<String>> filters : filterSets) {
          for (List<Dimension> groupBy : List.of(List.of(d), d == Dimension.ORG ? List.<Dimension>of() : List.of(Dimension.ORG, d))) {
            SpendQuery q = question(groupBy, g, filters, questions % 2 == 0 ? SortOrder.COST : SortOrder.KEYS);
            if (g == Granularity.HOUR) { // UTC hours: only the events hold them
              assertThat(SpendSql.rollupDimension(q)).as("hours from the events: %s", q).isEmpty();
              List<SpendRow> hours = repository.spend(q, QueryId.random()).rows();
              assertThat(hours).as("not empty: %s", q).isNotEmpty();
              assertThat(asMap(hours, false)).as("= hand-written SQL: %s", q).isEqualTo(handWritten(q, null));
              continue;
            }
            assertThat(SpendSql.rollupDimension(q)).as("planned from the rollups: %s", q).contains(d);
            List<SpendRow> rollup = repository.spend(q, QueryId.random()).rows();
            List<SpendRow> events = repository.spendFromEvents(q, QueryId.random()).rows();
            assertThat(rollup).as("rollup = events: %s", q).isEqualTo(events);
            assertThat(rollup).as("not empty: %s", q).isNotEmpty();
            assertThat(asMap(rollup, false)).as("= hand-written SQL: %s", q).isEqualTo(handWritten(q, null));
            questions++;
          }
        }
      }
    }
    assertThat(questions).isEqualTo(8 * 4 * 3 * 2);
  }

  @Test
  void eventOnlyQuestionsEqualHandWrittenSql() {
    List<SpendQuery> questions = List.of(
        question(List.of(Dimension.TEAM, Dimension.MODEL), Granularity.MONTH, Map.of(Dimension.ORG, Set.of("acme")), SortOrder.COST),
        question(List.of(Dimension.BRANCH), Granularity.WEEK, Map.of(Dimension.PROJECT, Set.of("github.com/acme/api")), SortOrder.KEYS),
        question(List.of(Dimension.AGENT_ROLE, Dimension.WORKFLOW_STEP), Granularity.TOTAL, Map.of(), SortOrder.COST),
        question(List.of(Dimension.USER), Granularity.DAY, Map.of(Dimension.TEAM, Set.of("data"), Dimension.MODEL, Set.of("gpt-5")), SortOrder.COST),
        question(List.of(), Granularity.TOTAL, Map.of(Dimension.BRANCH, Set.of("fix")), SortOrder.COST));
    for (SpendQuery q : questions) {
      assertThat(SpendSql.rollupDimension(q)).as("events only: %s", q).isEmpty();
      assertThat(asMap(repository.spend(q, QueryId.random()).rows(), false)).as("%s", q).isNotEmpty().isEqualTo(handWritten(q, null));
    }
    SpendQuery sessions = new SpendQuery(List.of(Dimension.TEAM), Granularity.MONTH, FROM, TO, ZONE, Map.of(), SortOrder.COST,
        PageRequest.first(1000), true);
    assertThat(asMap(repository.spend(sessions, QueryId.random()).rows(), true)).isEqualTo(handWritten(sessions, null));
  }

  /** A request counts once under each distinct tool (MCP server) it used, under '' when it used none. */
  @Test
  void toolsAndMcpServersCountARequestOnceUnderEachValue() {
    String tools = "if(empty(tool_names), [''], arrayDistinct(tool_names))";
    String servers = "if(empty(arrayFilter(s -> s != '', tool_mcp_servers)), [''], arrayDistinct(arrayFilter(s -> s != '', tool_mcp_servers)))";
    SpendQuery byTool = question(List.of(Dimension.TOOL), Granularity.WEEK, Map.of(), SortOrder.COST);
    assertThat(asMap(repository.spend(byTool, QueryId.random()).rows(), false)).isNotEmpty().isEqualTo(handWritten(byTool, tools));
    assertThat(repository.spend(byTool, QueryId.random()).rows()).extracting(r -> r.keys().get(Dimension.TOOL))
        .contains("", "Bash", "Read", "mcp__github__create_issue", "mcp__jira__search");
    SpendQuery byServer = question(List.of(Dimension.MCP_SERVER, Dimension.TEAM), Granularity.TOTAL,
        Map.of(Dimension.MCP_SERVER, Set.of("github", "")), SortOrder.KEYS);
    assertThat(asMap(repository.spend(byServer, QueryId.random()).rows(), false)).isNotEmpty().isEqualTo(handWritten(byServer, servers));
    // filtering on a tool without grouping by it counts each request once
    SpendQuery usingJira = question(List.of(Dimension.USER), Granularity.TOTAL, Map.of(Dimension.MCP_SERVER, Set.of("jira")), SortOrder.COST);
    Map<String, String> expected = new LinkedHashMap<>();
    for (List<String> r : rows("SELECT '' AS p, user_id, " + sums(false) + " FROM usage_events FINAL WHERE " + range()
        + " AND has(tool_mcp_servers, 'jira') GROUP BY p, user_id")) {
      expected.put(String.join("|", r.subList(0, 2)), String.join("|", r.subList(2, r.size())));
    }
    assertThat(asMap(repository.spend(usingJira, QueryId.random()).rows(), false)).isNotEmpty().isEqualTo(expected);
  }

  @Test
  void pagesConcatenateToTheWholeAnswerWithoutOverlap() {
    List<SpendQuery> questions = List.of(
        question(List.of(Dimension.USER), Granularity.DAY, Map.of(), SortOrder.COST),
        question(List.of(Dimension.TEAM, Dimension.MODEL), Granularity.WEEK, Map.of(), SortOrder.COST),
        question(List.of(Dimension.TOOL, Dimension.USER), Granularity.TOTAL, Map.of(), SortOrder.KEYS),
        question(List.of(Dimension.PROJECT), Granularity.DAY, Map.of(), SortOrder.KEYS));
    for (SpendQuery whole : questions) {
      List<SpendRow> all = repository.spend(whole, QueryId.random()).rows();
      assertThat(all.size()).as("several pages: %s", whole).isGreaterThan(14);
      List<SpendRow> concatenated = new ArrayList<>();
      PageRequest page = new PageRequest(0, 7);
      while (true) {
        Page<SpendRow> p = repository.spend(whole.withPage(page), QueryId.random());
        concatenated.addAll(p.rows());
        if (!p.truncated()) {
          break;
        }
        assertThat(p.rows()).hasSize(7);
        page = page.next();
      }
      assertThat(concatenated).as("%s", whole).isEqualTo(all);
      assertThat(new HashSet<>(asMap(concatenated, false).keySet())).hasSize(concatenated.size());
    }
  }

  @Test
  void sessionDetailEqualsIndependentSqlAndAForeignSessionIsAbsent() {
    String session = "s-3";
    Map<Dimension, Set<String>> scope = Map.of(Dimension.ORG, Set.of("acme"));
    SessionDetail detail = repository.session(new SessionQuery(session, scope, PageRequest.first(100)), QueryId.random()).orElseThrow();
    List<String> expected = rows("SELECT count(), toString(sum(cost_total)), toString(min(event_time)), toString(max(event_time)),"
        + " sum(input_tokens), sum(cache_read_tokens)"
        + " FROM usage_events FINAL WHERE session_id = 's-3' AND org_id = 'acme'").get(0);
    List<String> firstEvent = rows("SELECT user_id, team, project_id, source, branch, parent_session_id FROM usage_events FINAL"
        + " WHERE session_id = 's-3' ORDER BY event_time, event_id LIMIT 1").get(0);
    assertThat(detail.requestCount()).isEqualTo(Long.parseLong(expected.get(0)));
    assertThat(detail.costUsd()).isEqualTo(new BigDecimal(expected.get(1)));
    assertThat(detail.firstRequest()).isEqualTo(Instant.from(TIME.parse(expected.get(2))));
    assertThat(detail.lastRequest()).isEqualTo(Instant.from(TIME.parse(expected.get(3))));
    assertThat(detail.tokens().get(TokenClass.INPUT)).isEqualTo(Long.parseLong(expected.get(4)));
    assertThat(detail.tokens().get(TokenClass.CACHE_READ)).isEqualTo(Long.parseLong(expected.get(5)));
    assertThat(List.of(detail.userId(), detail.team(), detail.projectId(), detail.source(), detail.branch(), detail.parentSessionId()))
        .isEqualTo(firstEvent);
    assertThat(detail.orgId()).isEqualTo("acme");
    assertThat(detail.sessionId()).isEqualTo(session);
    List<String> ids = rows("SELECT event_id FROM usage_events FINAL WHERE session_id = 's-3' ORDER BY event_time, event_id")
        .stream().map(r -> r.get(0)).toList();
    assertThat(detail.requests().rows()).extracting(SessionDetail.Request::eventId).isEqualTo(ids);
    assertThat(detail.requests().truncated()).isFalse();
    assertThat(detail.requests().rows().stream().map(SessionDetail.Request::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(detail.costUsd());
    SessionDetail.Request first = detail.requests().rows().get(0);
    List<String> firstRow = rows("SELECT normalized_model, agent_role, toString(tool_names), accuracy FROM usage_events FINAL"
        + " WHERE event_id = " + SqlLiteral.quote(first.eventId())).get(0);
    assertThat(List.of(first.model(), first.agentRole(), first.tools().toString().replace(" ", ""), first.accuracy()))
        .isEqualTo(List.of(firstRow.get(0), firstRow.get(1), firstRow.get(2).replace("'", ""), firstRow.get(3)));

    Page<SessionDetail.Request> page2 = repository.session(new SessionQuery(session, scope, new PageRequest(2, 2)), QueryId.random())
        .orElseThrow().requests();
    assertThat(page2.rows()).extracting(SessionDetail.Request::eventId).isEqualTo(ids.subList(2, 4));
    assertThat(page2.truncated()).isEqualTo(ids.size() > 4);

    // the same session seen from another organisation, another user, or a session that does not exist
    assertThat(repository.session(new SessionQuery(session, Map.of(Dimension.ORG, Set.of("globex")), PageRequest.first(10)),
        QueryId.random())).isEmpty();
    assertThat(repository.session(new SessionQuery(session, Map.of(Dimension.ORG, Set.of("acme"), Dimension.USER, Set.of("nobody")),
        PageRequest.first(10)), QueryId.random())).isEmpty();
    assertThat(repository.session(new SessionQuery("s-none", scope, PageRequest.first(10)), QueryId.random())).isEmpty();
  }

  // --- the reference: hand-written SQL over usage_events FINAL ---

  /**
   * The rows of {@code q} by a separately written SQL: {@code period|keys} → {@code requests|[sessions|]tokens|cost|savings};
   * {@code unnest}: the array expression of the (single) multi-valued group-by dimension.
   */
  private static Map<String, String> handWritten(SpendQuery q, String unnest) {
    String period = switch (q.granularity()) {
      case TOTAL -> "''";
      case HOUR -> "toStartOfHour(event_time)";
      case DAY -> "event_day";
      case WEEK -> "toMonday(event_day)";
      case MONTH -> "toStartOfMonth(event_day)";
    };
    List<String> keys = new ArrayList<>();
    for (Dimension d : q.groupBy()) {
      keys.add(d.multiValued() ? "mv" : COLUMN.get(d));
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(period).append(" AS p");
    keys.forEach(k -> sql.append(", ").append(k));
    sql.append(", ").append(sums(q.withSessions())).append(" FROM usage_events FINAL");
    if (unnest != null) {
      sql.append(" ARRAY JOIN ").append(unnest).append(" AS mv");
    }
    sql.append(" WHERE event_day >= ").append(SqlLiteral.date(q.from())).append(" AND event_day <= ").append(SqlLiteral.date(q.to().minusDays(1)));
    q.filters().forEach((d, values) -> sql.append(" AND has([")
        .append(values.stream().map(SqlLiteral::quote).collect(Collectors.joining(", "))).append("], ")
        .append(d.multiValued() ? "mv" : COLUMN.get(d)).append(")"));
    sql.append(" GROUP BY p");
    keys.forEach(k -> sql.append(", ").append(k));
    Map<String, String> out = new LinkedHashMap<>();
    int k = 1 + keys.size();
    for (List<String> r : rows(sql.toString())) {
      out.put(String.join("|", r.subList(0, k)), String.join("|", r.subList(k, r.size())));
    }
    return out;
  }

  private static String sums(boolean sessions) {
    return "count()" + (sessions ? ", count(DISTINCT session_id)" : "") + ", sum(input_tokens), sum(output_tokens),"
        + " sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(cache_read_tokens), sum(reasoning_tokens),"
        + " sum(cost_total), sum(cache_savings)";
  }

  private static String range() {
    return "event_day >= " + SqlLiteral.date(FROM) + " AND event_day < " + SqlLiteral.date(TO);
  }

  /** The answer's rows in the reference's shape (TOTAL's period is ''). */
  private static Map<String, String> asMap(List<SpendRow> rows, boolean sessions) {
    Map<String, String> out = new LinkedHashMap<>();
    for (SpendRow r : rows) {
      List<String> key = new ArrayList<>();
      key.add(r.hour() != null ? r.hour().toString().replace("T", " ").replace("Z", "")
          : r.period() == null ? "" : r.period().toString());
      key.addAll(r.keys().values());
      List<String> value = new ArrayList<>();
      value.add(Long.toString(r.requests()));
      if (sessions) {
        value.add(Long.toString(r.sessions()));
      }
      for (TokenClass t : TokenClass.values()) {
        value.add(Long.toString(r.tokens(t)));
      }
      value.add(r.costUsd().toPlainString());
      value.add(r.cacheSavingsUsd().toPlainString());
      out.put(String.join("|", key), String.join("|", value));
    }
    return out;
  }

  private static List<List<String>> rows(String sql) {
    return TsvTable.parse(db.client().query(sql + " FORMAT TabSeparatedWithNames")).rows();
  }

  private static SpendQuery question(List<Dimension> groupBy, Granularity g, Map<Dimension, Set<String>> filters, SortOrder order) {
    return new SpendQuery(groupBy, g, FROM, TO, ZONE, filters, order, PageRequest.first(PageRequest.MAX_LIMIT), false);
  }

  /** What {@code sink rollups rebuild --month} does: the month from the events, swapped in with REPLACE PARTITION. */
  private static void rebuildRollups(int year, int month) {
    Map<String, String> sql = ClasspathSql.files("clickhouse/maintenance");
    LocalDate first = LocalDate.of(year, month, 1);
    db.client().execute("DROP TABLE IF EXISTS usage_daily_rebuild");
    db.client().execute(QueryTemplate.of("staging", sql.get("rollup_rebuild_0_staging.sql")).render(Map.of()));
    db.client().execute(QueryTemplate.of("rebuild", sql.get("rollup_rebuild_month.sql"))
        .render(Map.of("from", first.toString(), "to", first.plusMonths(1).toString())));
    db.client().execute("ALTER TABLE usage_daily REPLACE PARTITION " + (year * 100 + month) + " FROM usage_daily_rebuild");
    db.client().execute("DROP TABLE usage_daily_rebuild");
  }

  /** Event {@code i}: every 107 minutes from 2026-10-24 20:00 UTC (over the month boundary in Berlin). */
  private static String event(int i, Random random) {
    Instant time = Instant.parse("2026-10-24T20:00:00Z").plusSeconds(i * 107L * 60);
    LocalDate day = time.atZone(ZONE).toLocalDate();
    String model = List.of("claude-sonnet-4-5", "gpt-5", "claude-opus-4").get((i / 5) % 3);
    boolean openai = model.startsWith("gpt");
    List<String> tools;
    List<String> servers;
    if (i % 7 == 0) {
      tools = List.of("mcp__jira__search", "mcp__github__create_issue", "mcp__github__create_issue");
      servers = List.of("jira", "github", "github");
    } else if (i % 3 == 0) {
      tools = List.of("Bash", "mcp__github__create_issue");
      servers = List.of("", "github");
    } else if (i % 3 == 1) {
      tools = List.of("Read");
      servers = List.of("");
    } else {
      tools = List.of();
      servers = List.of();
    }
    Map<TokenClass, Long> tokens = new EnumMap<>(TokenClass.class);
    for (TokenClass t : TokenClass.values()) {
      tokens.put(t, (long) random.nextInt(5000));
    }
    String cost = BigDecimal.valueOf(random.nextInt(2_000_000_000), 9).toPlainString();
    String savings = BigDecimal.valueOf(random.nextInt(100_000_000), 9).toPlainString();
    return String.join("\t",
        "ev-" + i,
        (i / 6) % 5 == 0 ? "globex" : "acme",
        TIME.format(time),
        Long.toString(time.toEpochMilli()),
        day.toString(),
        day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString(),
        day.withDayOfMonth(1).toString(),
        openai ? "CODEX_CLI" : "CLAUDE_CODE",
        openai ? "openai" : "anthropic",
        model + "-20260101",
        model,
        List.of("alice", "bob", "carol", "dave").get((i / 6) % 4),
        List.of("platform", "data", "it's").get((i / 6 + i / 18) % 3),
        List.of("cc-1", "cc-2").get(i % 2),
        List.of("github.com/acme/api", "github.com/acme/web", "github.com/acme/etl").get((i / 2) % 3),
        List.of("main", "feat", "fix").get((i / 3) % 3),
        "s-" + (i / 6),
        i % 12 >= 6 ? "s-" + (i / 6 - 1) : "",
        i % 4 == 0 ? "general-purpose" : "",
        i % 4 == 0 ? "subagent" : "main",
        List.of("plan", "code", "review").get(i % 3),
        i % 4 == 0 ? "1" : "0",
        Long.toString(tokens.get(TokenClass.INPUT)),
        Long.toString(tokens.get(TokenClass.OUTPUT)),
        Long.toString(tokens.get(TokenClass.CACHE_WRITE_5M)),
        Long.toString(tokens.get(TokenClass.CACHE_WRITE_1H)),
        Long.toString(tokens.get(TokenClass.CACHE_READ)),
        Long.toString(tokens.get(TokenClass.REASONING)),
        array(tools),
        array(servers),
        i % 2 == 0 ? "EXACT" : "ESTIMATED",
        cost,
        savings,
        "1") + "\n";
  }

  private static String array(List<String> values) {
    return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(",", "[", "]"));
  }
}
