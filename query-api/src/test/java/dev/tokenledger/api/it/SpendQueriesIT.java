package dev.tokenledger.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.clickhouse.ClickHouseSpendRepository;
import dev.tokenledger.api.clickhouse.PricedEventsTable;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query API's SQL against the real ClickHouse, on a database built by the warehouse's own
 * migration files, with a re-inserted duplicate event that must not be counted twice.
 */
class SpendQueriesIT {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, event_week,"
      + " event_month, source, provider, model, user_id, team, project_id, branch, session_id, input_tokens, output_tokens,"
      + " cache_read_tokens, cost_total, version) FORMAT TabSeparated";
  private static TestDatabase db;
  private static ClickHouseSpendRepository repository;

  @BeforeAll
  static void createWarehouse() {
    db = TestDatabase.migrated("tl_api_it");
    // Four events; e1 is inserted twice (a sink that crashed after the insert and re-inserted the batch).
    // e3 is 2026-10-31T23:30Z = 2026-11-01 00:30 in Berlin: an org-zone November event (the sink wrote
    // its calendar columns in the org zone).
    insert(row("e1", "2026-11-02 10:00:00", "2026-11-02", "2026-11-02", "alice", "platform", "github.com/acme/api", "main", "s1", 100, 10, 1000, "1.250000000")
        + row("e2", "2026-11-03 11:00:00", "2026-11-03", "2026-11-02", "bob", "platform", "github.com/acme/web", "feat", "s2", 200, 20, 0, "0.000000001")
        + row("e3", "2026-10-31 23:30:00", "2026-11-01", "2026-10-26", "carol", "data", "github.com/acme/etl", "main", "s3", 300, 30, 0, "2.500000000")
        + row("e4", "2026-10-15 09:00:00", "2026-10-15", "2026-10-12", "alice", "platform", "github.com/acme/api", "main", "s1", 400, 40, 0, "9.000000000"));
    insert(row("e1", "2026-11-02 10:00:00", "2026-11-02", "2026-11-02", "alice", "platform", "github.com/acme/api", "main", "s1", 100, 10, 1000, "1.250000000"));
    repository = new ClickHouseSpendRepository(reader(db.name()), PricedEventsTable.in(db.name()));
  }

  @AfterAll
  static void dropWarehouse() {
    db.close();
  }

  @Test
  void novemberByTeamCountsTheReinsertedEventOnceAndUsesOrgZoneDays() {
    List<SpendRow> rows = repository.spend(new SpendQuery(List.of(Dimension.TEAM), Granularity.MONTH,
        LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZONE, Map.of(), 100));
    // data: e3 (2.5); platform: e1 once (1.25) + e2 (0.000000001). e4 is October.
    assertThat(rows).extracting(r -> r.keys().get(Dimension.TEAM), SpendRow::costUsd, SpendRow::requests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data", new BigDecimal("2.500000000"), 1L),
            org.assertj.core.groups.Tuple.tuple("platform", new BigDecimal("1.250000001"), 2L));
    assertThat(rows).allSatisfy(r -> assertThat(r.period()).isEqualTo(LocalDate.of(2026, 11, 1)));
    SpendRow platform = rows.get(1);
    assertThat(platform.tokens(TokenClass.INPUT)).isEqualTo(300);
    assertThat(platform.tokens(TokenClass.CACHE_READ)).isEqualTo(1000);
    assertThat(platform.sessions()).isEqualTo(2);
  }

  @Test
  void dailyTotalsAndFiltersAcrossTheMonthBoundary() {
    List<SpendRow> days = repository.spend(new SpendQuery(List.of(), Granularity.DAY,
        LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 1), ZONE, Map.of(Dimension.USER, "alice"), 100));
    assertThat(days).extracting(SpendRow::period, SpendRow::costUsd).containsExactly(
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 10, 15), new BigDecimal("9.000000000")),
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 2), new BigDecimal("1.250000000")));
    List<SpendRow> total = repository.spend(new SpendQuery(List.of(Dimension.BRANCH, Dimension.PROJECT), Granularity.TOTAL,
        LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), ZONE, Map.of(), 10));
    assertThat(total).singleElement().satisfies(r -> {
      assertThat(r.keys()).containsExactly(Map.entry(Dimension.BRANCH, "main"), Map.entry(Dimension.PROJECT, "github.com/acme/etl"));
      assertThat(r.costUsd()).isEqualByComparingTo("2.5");
    });
  }

  @Test
  void aMissingDatabaseIsAClearWarehouseError() {
    ClickHouseSpendRepository wrong = new ClickHouseSpendRepository(
        reader(db.name() + "_missing"), PricedEventsTable.in(db.name() + "_missing"));
    assertThatThrownBy(() -> wrong.spend(new SpendQuery(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1),
        LocalDate.of(2026, 12, 1), ZONE, Map.of(), 1)))
        .isInstanceOf(WarehouseException.class)
        .hasMessageContaining("ClickHouse rejected the query")
        .hasMessageContaining(db.name() + "_missing");
  }

  /** The API's client: the shared one, read-only. */
  private static ClickHouseHttpClient reader(String database) {
    return new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), database), Map.of("readonly", "1"));
  }

  private static String row(String id, String time, String day, String week, String user, String team, String project,
      String branch, String session, long input, long output, long cacheRead, String cost) {
    String month = day.substring(0, 8) + "01";
    return String.join("\t", id, "acme", time, "0", day, week, month, "CLAUDE_CODE", "anthropic", "claude-sonnet-4-5",
        user, team, project, branch, session, Long.toString(input), Long.toString(output), Long.toString(cacheRead), cost, "1") + "\n";
  }

  private static void insert(String rows) {
    db.client().insert(INSERT, rows.getBytes(StandardCharsets.UTF_8));
  }
}
