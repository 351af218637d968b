package dev.tokenledger.alerts.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The contributors query (exact SQL per scope, values escaped), its answer as lines, and failing soft. */
class WarehouseContributorsTest {

  static Alert alert(String scope, String value, Instant start, Instant end) {
    return new Alert("acme|b|x|80|1000", AlertKind.CROSSED, "ac'me", "b", scope, value, "MONTH", start, end, 80,
        new BigDecimal("812.35"), new BigDecimal("1000"), new BigDecimal("81.235"), BigDecimal.ONE, Optional.empty(),
        "evt-1", Instant.parse("2026-12-06T09:30:00Z"), List.of("eng"));
  }

  private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");       // 1796083200
  private static final Instant JAN = Instant.parse("2027-01-01T00:00:00Z");       // 1798761600

  private static String expected(String scopeCondition) {
    String where = "WHERE org_id = 'ac\\'me'" + scopeCondition
        + " AND event_time >= toDateTime(1796083200) AND event_time < toDateTime(1798761600)\n";
    return "SELECT 'user' AS kind, user_id AS name, sum(cost_total) AS cost\n"
        + "FROM usage_events FINAL\n" + where
        + "GROUP BY name\nHAVING cost > 0\nORDER BY cost DESC, name\nLIMIT 3\n"
        + "UNION ALL\n"
        + "SELECT 'model' AS kind, normalized_model AS name, sum(cost_total) AS cost\n"
        + "FROM usage_events FINAL\n" + where
        + "GROUP BY name\nHAVING cost > 0\nORDER BY cost DESC, name\nLIMIT 3\n"
        + "FORMAT TabSeparated";
  }

  @Test
  void theQueryIsExactForEveryBudgetScopeWithTheValuesEscaped() {
    String value = "R&D 'north'\\\n<x>";
    String quoted = "'R&D \\'north\\'\\\\\\n<x>'";
    assertThat(WarehouseContributors.sql(alert("TEAM", value, DEC, JAN))).hasValue(expected(" AND team = " + quoted));
    assertThat(WarehouseContributors.sql(alert("PROJECT", value, DEC, JAN))).hasValue(expected(" AND project_id = " + quoted));
    assertThat(WarehouseContributors.sql(alert("USER", value, DEC, JAN))).hasValue(expected(" AND user_id = " + quoted));
    assertThat(WarehouseContributors.sql(alert("COST_CENTRE", value, DEC, JAN))).hasValue(expected(" AND cost_centre = " + quoted));
    assertThat(WarehouseContributors.sql(alert("ORG", "ac'me", DEC, JAN))).hasValue(expected(""));
  }

  @Test
  void thePeriodIsTheBreachsInstantsWhateverTheZone() {
    // a month of an organisation in UTC+05:30 starts at 18:30 UTC the day before
    String sql = WarehouseContributors.sql(alert("ORG", "ac'me", Instant.parse("2026-11-30T18:30:00Z"),
        Instant.parse("2026-12-31T18:30:00Z"))).orElseThrow();
    assertThat(sql).contains("event_time >= toDateTime(" + Instant.parse("2026-11-30T18:30:00Z").getEpochSecond() + ")")
        .contains("event_time < toDateTime(" + Instant.parse("2026-12-31T18:30:00Z").getEpochSecond() + ")");
  }

  @Test
  void aScopeBudgetsDoNotUseAsksNothing() {
    List<String> asked = new ArrayList<>();
    WarehouseContributors c = new WarehouseContributors(client(sql -> {
      asked.add(sql);
      return "";
    }), Duration.ofSeconds(1));
    assertThat(c.top(alert("MODEL", "opus", DEC, JAN))).isEmpty();
    assertThat(c.top(alert("SOMETHING_NEW", "x", DEC, JAN))).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void theAnswerBecomesUsersThenModelsBiggestFirst() {
    String tsv = "model\tclaude-sonnet-4\t120.5\n"
        + "user\tbob\t10.000000000\n"
        + "user\talice@example.com\t1412.105000000\n"
        + "model\tclaude-opus-4\t900.000000000\n"
        + "user\t\t5\n"
        + "user\ttab\\there\t1\n";
    List<String> asked = new ArrayList<>();
    List<Map<String, String>> settings = new ArrayList<>();
    WarehouseContributors c = new WarehouseContributors(new ClickHouseClient() {
      @Override
      public String query(String sql, String queryId, Map<String, String> s) {
        asked.add(sql);
        settings.add(s);
        return tsv;
      }

      @Override
      public void execute(String sql) {}

      @Override
      public String query(String sql) {
        throw new AssertionError("the bounded query is used");
      }

      @Override
      public void insert(String insertSql, byte[] body) {}

      @Override
      public void ensureDatabase() {}

      @Override
      public String database() {
        return "tokenledger";
      }
    }, Duration.ofMillis(1500));
    assertThat(c.top(alert("TEAM", "platform", DEC, JAN))).containsExactly(
        "user alice@example.com — $1,412.11", "user bob — $10.00", "user (none) — $5.00",
        "model claude-opus-4 — $900.00", "model claude-sonnet-4 — $120.50");
    assertThat(asked).hasSize(1);
    assertThat(settings.get(0)).containsEntry("max_execution_time", "2");
  }

  @Test
  void aLongNameIsCutAndKeepsItsAmount() {
    String longName = "x".repeat(100);
    assertThat(WarehouseContributors.lines("user\t" + longName + "\t1\n"))
        .containsExactly("user " + "x".repeat(WarehouseContributors.MAX_NAME - 1) + "… — $1.00");
  }

  @Test
  void aFailingWarehouseYieldsNoContributorsAndALogLineWithoutItsMessage() {
    WarehouseContributors c = new WarehouseContributors(client(sql -> {
      throw new ClickHouseException.Unavailable("ClickHouse at http://reader:s3cret@ch.internal:8123 unreachable", -1, null);
    }), Duration.ofSeconds(1));
    assertThat(c.top(alert("TEAM", "platform", DEC, JAN))).isEmpty();
    assertThat(WarehouseContributors.describe(new ClickHouseException.Failed("Code: 60 … http://reader:s3cret@ch/", 60)))
        .isEqualTo("warehouse failed, ClickHouse error 60");
    assertThat(WarehouseContributors.describe(new ClickHouseException.Unavailable("http://reader:s3cret@ch/", -1, null)))
        .isEqualTo("warehouse unavailable");
  }

  @Test
  void anUnexpectedAnswerYieldsNoContributors() {
    WarehouseContributors c = new WarehouseContributors(client(sql -> "<html>proxy error</html>\n"), Duration.ofSeconds(1));
    assertThat(c.top(alert("TEAM", "platform", DEC, JAN))).isEmpty();
    WarehouseContributors bad = new WarehouseContributors(client(sql -> "user\talice\tnot-a-number\n"), Duration.ofSeconds(1));
    assertThat(bad.top(alert("TEAM", "platform", DEC, JAN))).isEmpty();
  }

  @Test
  void aSlowWarehouseIsNotWaitedForLongerThanTheTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    WarehouseContributors c = new WarehouseContributors(client(sql -> {
      while (true) {                   // a lookup that does not even stop when interrupted
        try {
          never.await();
          return "user\talice\t1\n";
        } catch (InterruptedException e) {
          // keeps waiting
        }
      }
    }), Duration.ofMillis(200));
    try {
      // more lookups than may run at once: each returns within the bound, the extra ones at once
      for (int i = 0; i < WarehouseContributors.MAX_CONCURRENT + 2; i++) {
        long t0 = System.nanoTime();
        assertThat(c.top(alert("TEAM", "platform", DEC, JAN))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1000));
      }
    } finally {
      never.countDown();
      c.close();
    }
  }

  @Test
  void maxExecutionTimeIsWholeSecondsRoundedUp() {
    assertThat(WarehouseContributors.maxExecutionSeconds(Duration.ofMillis(200))).isEqualTo(1);
    assertThat(WarehouseContributors.maxExecutionSeconds(Duration.ofSeconds(5))).isEqualTo(5);
    assertThat(WarehouseContributors.maxExecutionSeconds(Duration.ofMillis(5001))).isEqualTo(6);
  }

  private static ClickHouseClient client(Function<String, String> answer) {
    return new ClickHouseClient() {
      @Override
      public String query(String sql, String queryId, Map<String, String> settings) {
        return answer.apply(sql);
      }

      @Override
      public void execute(String sql) {}

      @Override
      public String query(String sql) {
        return answer.apply(sql);
      }

      @Override
      public void insert(String insertSql, byte[] body) {}

      @Override
      public void ensureDatabase() {}

      @Override
      public String database() {
        return "tokenledger";
      }
    };
  }
}
