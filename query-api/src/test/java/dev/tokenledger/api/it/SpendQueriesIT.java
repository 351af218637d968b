package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.QueryLimits;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query API's SQL against the real ClickHouse, on a database built by the warehouse's own
 * migration files (hand-checked figures; the planner's grid is {@code SpendPlannerIT}), its limits,
 * its errors and cancelling a running query.
 */
class SpendQueriesIT {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, normalized_model, user_id, team, project_id, branch, session_id, input_tokens,"
      + " output_tokens, cache_read_tokens, cost_total, cache_savings, version) FORMAT TabSeparated";
  private static TestDatabase db;
  private static ClickHouseSpendRepository repository;

  @BeforeAll
  static void createWarehouse() {
    db = TestDatabase.migrated("tl_api_it");
    // e3 is 2026-10-31T23:30Z = 2026-11-01 00:30 in Berlin: an org-zone November event (the sink wrote
    // its calendar columns in the org zone).
    insert(row("e1", "2026-11-02 10:00:00", "2026-11-02", "2026-11-02", "alice", "platform", "github.com/acme/api", "main", "s1", 100, 10, 1000, "1.250000000")
        + row("e2", "2026-11-03 11:00:00", "2026-11-03", "2026-11-02", "bob", "platform", "github.com/acme/web", "feat", "s2", 200, 20, 0, "0.000000001")
        + row("e3", "2026-10-31 23:30:00", "2026-11-01", "2026-10-26", "carol", "data", "github.com/acme/etl", "main", "s3", 300, 30, 0, "2.500000000")
        + row("e4", "2026-10-15 09:00:00", "2026-10-15", "2026-10-12", "alice", "platform", "github.com/acme/api", "main", "s1", 400, 40, 0, "9.000000000"));
    repository = ClickHouseSpendRepository.of(reader(db.name()), QueryLimits.DEFAULTS);
  }

  @AfterAll
  static void dropWarehouse() {
    db.close();
  }

  private static SpendQuery query(List<Dimension> groupBy, Granularity g, LocalDate from, LocalDate to,
      Map<Dimension, Set<String>> filters, boolean sessions) {
    return new SpendQuery(groupBy, g, from, to, ZONE, filters, SortOrder.COST, PageRequest.first(100), sessions);
  }

  @Test
  void novemberByTeamFromTheRollupsAndWithSessionsFromTheEvents() {
    for (boolean sessions : List.of(false, true)) {
      List<SpendRow> rows = repository.spend(query(List.of(Dimension.TEAM), Granularity.MONTH,
          LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), Map.of(), sessions), QueryId.random()).rows();
      // data: e3 (2.5); platform: e1 (1.25) + e2 (0.000000001); e4 is October. Cost descending.
      assertThat(rows).extracting(r -> r.keys().get(Dimension.TEAM), SpendRow::costUsd, SpendRow::requests)
          .containsExactly(
              tuple("data", new BigDecimal("2.500000000"), 1L),
              tuple("platform", new BigDecimal("1.250000001"), 2L));
      assertThat(rows).allSatisfy(r -> assertThat(r.period()).isEqualTo(LocalDate.of(2026, 11, 1)));
      SpendRow platform = rows.get(1);
      assertThat(platform.tokens(TokenClass.INPUT)).isEqualTo(300);
      assertThat(platform.tokens(TokenClass.CACHE_READ)).isEqualTo(1000);
      assertThat(platform.cacheSavingsUsd()).isEqualByComparingTo("0.5");
      assertThat(platform.sessions()).isEqualTo(sessions ? 2L : null);
    }
  }

  @Test
  void dailyTotalsAndFiltersAcrossTheMonthBoundary() {
    List<SpendRow> days = repository.spend(query(List.of(), Granularity.DAY, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 1),
        Map.of(Dimension.USER, Set.of("alice")), false), QueryId.random()).rows();
    assertThat(days).extracting(SpendRow::period, SpendRow::costUsd).containsExactly(
        tuple(LocalDate.of(2026, 10, 15), new BigDecimal("9.000000000")),
        tuple(LocalDate.of(2026, 11, 2), new BigDecimal("1.250000000")));
    List<SpendRow> total = repository.spend(query(List.of(Dimension.BRANCH, Dimension.PROJECT), Granularity.TOTAL,
        LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), Map.of(), false), QueryId.random()).rows();
    assertThat(total).singleElement().satisfies(r -> {
      assertThat(r.keys()).containsExactly(Map.entry(Dimension.BRANCH, "main"), Map.entry(Dimension.PROJECT, "github.com/acme/etl"));
      assertThat(r.costUsd()).isEqualByComparingTo("2.5");
    });
  }

  @Test
  void aMissingDatabaseIsAGenericWarehouseErrorWithTheDetailAsCause() {
    ClickHouseSpendRepository wrong = ClickHouseSpendRepository.of(reader(db.name() + "_missing"), QueryLimits.DEFAULTS);
    assertThatThrownBy(() -> wrong.spend(query(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1),
        LocalDate.of(2026, 12, 1), Map.of(), false), QueryId.random()))
        .isInstanceOf(WarehouseException.class)
        .hasMessage("warehouse rejected the query")
        .satisfies(e -> assertThat(e.getCause()).hasMessageContaining(db.name() + "_missing"));
  }

  @Test
  void anUnreachableWarehouseIsUnavailableWithoutItsAddress() {
    ClickHouseSpendRepository gone = ClickHouseSpendRepository.of(new ClickHouseHttpClient(new ClickHouseEndpoint(
        URI.create("http://127.0.0.1:1/"), db.name(), "default", "", Duration.ofSeconds(2)), Map.of("readonly", "1")), QueryLimits.DEFAULTS);
    assertThatThrownBy(() -> gone.spend(query(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1),
        LocalDate.of(2026, 12, 1), Map.of(), false), QueryId.random()))
        .isInstanceOf(WarehouseException.class)
        .hasMessage("warehouse unavailable");
  }

  /**
   * A rollup question over a tiny row limit. (On 18.16 {@code max_rows_to_read} is not enforced on
   * {@code FINAL} reads at all; there time and memory bound the events questions, see ADR 0402.)
   */
  @Test
  void aQueryOverTheRowLimitAsksToNarrowTheQuestion() {
    ClickHouseSpendRepository tight = ClickHouseSpendRepository.of(reader(db.name()), new QueryLimits(Duration.ofSeconds(10), 1, 1L << 30));
    assertThatThrownBy(() -> tight.spend(query(List.of(Dimension.TEAM), Granularity.MONTH, LocalDate.of(2026, 10, 1),
        LocalDate.of(2026, 12, 1), Map.of(), false), QueryId.random()))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("narrow the date range or add filters")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Code:", "127.0.0.1", "DB::Exception"))
        .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("Code: 158"));
  }

  /**
   * A deliberately slow statement (counting {@code system.numbers}, which never ends before the time
   * limit) runs through the repository in place of the spend SQL; {@code cancel} stops it at once, in the
   * API's read-only session.
   */
  @Test
  void cancellingStopsARunningQueryPromptly() throws Exception {
    ClickHouseClient real = reader(db.name());
    ClickHouseClient slow = new ClickHouseClient() {
      @Override
      public String query(String sql, String queryId, Map<String, String> settings) {
        return real.query("SELECT count() AS requests FROM system.numbers FORMAT TabSeparatedWithNames", queryId, settings);
      }

      @Override
      public void execute(String sql) {
        real.execute(sql);
      }

      @Override
      public String query(String sql) {
        return real.query(sql);
      }

      @Override
      public void insert(String insertSql, byte[] body) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void ensureDatabase() {}

      @Override
      public String database() {
        return real.database();
      }
    };
    ClickHouseSpendRepository repo = ClickHouseSpendRepository.of(slow, new QueryLimits(Duration.ofSeconds(50), Long.MAX_VALUE, 1L << 30));
    QueryId id = QueryId.random();
    CompletableFuture<Page<SpendRow>> running = CompletableFuture.supplyAsync(() -> repo.spend(
        query(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), Map.of(), false), id));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (running(id) == 0) {
      assertThat(System.nanoTime()).as("the slow query shows up in system.processes").isLessThan(deadline);
      Thread.sleep(20);
    }
    long cancelled = System.nanoTime();
    repo.cancel(id);
    assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(WarehouseException.class)
        .hasMessage("the query was cancelled");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled)).isLessThan(5_000);
    assertThat(running(id)).isZero();
  }

  private static long running(QueryId id) {
    return Long.parseLong(db.value("SELECT count() FROM system.processes WHERE query_id = '" + id.value() + "'"));
  }

  /** The API's client: the shared one, read-only. */
  private static ClickHouseHttpClient reader(String database) {
    return new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database), Map.of("readonly", "1"));
  }

  private static String row(String id, String time, String day, String week, String user, String team, String project,
      String branch, String session, long input, long output, long cacheRead, String cost) {
    String month = day.substring(0, 8) + "01";
    String savings = cacheRead > 0 ? "0.500000000" : "0";
    return String.join("\t", id, "acme", time, "0", day, week, month, "CLAUDE_CODE", "anthropic", "claude-sonnet-4-5",
        "claude-sonnet-4-5", user, team, project, branch, session, Long.toString(input), Long.toString(output),
        Long.toString(cacheRead), cost, savings, "1") + "\n";
  }

  private static void insert(String rows) {
    db.client().insert(INSERT, rows.getBytes(StandardCharsets.UTF_8));
  }
}
