package dev.tokenledger.alerts.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contributors query on the real ClickHouse, on a database built by the warehouse's migrations: the
 * top users and models equal an independent query (deduplicating by event id itself, bounding the period by
 * milliseconds), and a user outside the budget's scope or period never appears.
 */
class WarehouseContributorsIT {

  // A month of an organisation in Asia/Kolkata (UTC+05:30): December 2026 in UTC instants.
  private static final Instant START = Instant.parse("2026-11-30T18:30:00Z");
  private static final Instant END = Instant.parse("2026-12-31T18:30:00Z");
  private static final String INSERT = "INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, user_id, team,"
      + " project_id, cost_centre, normalized_model, cost_total, version) FORMAT TabSeparated";
  private static final String CC = "R&D 'north'\\south";

  private static TestDatabase db;
  private static WarehouseContributors contributors;

  @BeforeAll
  static void seed() {
    db = TestDatabase.migrated("tl_alerts_contrib_it");
    StringBuilder rows = new StringBuilder();
    rows.append(row("e1", "acme", "2026-12-02T10:00:00Z", "alice", "platform", "api", CC, "claude-opus-4", "300", 1));
    rows.append(row("e2", "acme", "2026-12-03T10:00:00Z", "alice", "platform", "api", CC, "claude-sonnet-4", "50", 1));
    rows.append(row("e3", "acme", "2026-12-04T10:00:00Z", "bob", "platform", "web", CC, "claude-sonnet-4", "200", 1));
    rows.append(row("e4", "acme", "2026-12-05T10:00:00Z", "carol", "platform", "api", CC, "claude-haiku-4", "100", 1));
    rows.append(row("e5", "acme", "2026-12-06T10:00:00Z", "dave", "platform", "api", CC, "claude-opus-4", "10", 1));
    // the first moment of the period counts
    rows.append(row("e6", "acme", "2026-11-30T18:30:00Z", "carol", "platform", "api", CC, "claude-haiku-4", "0.5", 1));
    // outside the team, the project and the cost centre, inside the organisation and the period
    rows.append(row("m1", "acme", "2026-12-10T10:00:00Z", "mallory", "other", "etl", "ops", "claude-opus-4", "5000", 1));
    // the team's, one second before the period and at its end (outside)
    rows.append(row("o1", "acme", "2026-11-30T18:29:59Z", "oscar", "platform", "api", CC, "gpt-5", "9000", 1));
    rows.append(row("o2", "acme", "2026-12-31T18:30:00Z", "oscar", "platform", "api", CC, "gpt-5", "9000", 1));
    // another organisation's team of the same name
    rows.append(row("t1", "globex", "2026-12-10T10:00:00Z", "trent", "platform", "api", CC, "gemini-3", "7000", 1));
    insert(rows.toString());
    // e1 priced again (a later version): FINAL reads 320, not 300 + 320
    insert(row("e1", "acme", "2026-12-02T10:00:00Z", "alice", "platform", "api", CC, "claude-opus-4", "320", 2));
    contributors = WarehouseContributors.open(new ClickHouseEndpoint(URI.create(db.url()), db.name(), "default", "",
        Duration.ofSeconds(5)));
  }

  @AfterAll
  static void drop() {
    if (contributors != null) {
      contributors.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theTopUsersAndModelsOfATeamAreTheIndependentAnswer() {
    List<String> top = contributors.top(alert("TEAM", "platform"));
    assertThat(top).containsExactly(
        "user alice — $370.00", "user bob — $200.00", "user carol — $100.50",
        "model claude-opus-4 — $330.00", "model claude-sonnet-4 — $250.00", "model claude-haiku-4 — $100.50");
    assertThat(top).isEqualTo(independent("team = 'platform'"));
  }

  @Test
  void everyScopeAgreesWithTheIndependentAnswerAndNobodyOutsideItAppears() {
    Map<String, String> scopes = Map.of(
        "ORG", "",
        "TEAM", "team = 'platform'",
        "PROJECT", "project_id = 'api'",
        "USER", "user_id = 'alice'",
        "COST_CENTRE", "cost_centre = 'R&D \\'north\\'\\\\south'");
    Map<String, String> values = Map.of("ORG", "acme", "TEAM", "platform", "PROJECT", "api", "USER", "alice", "COST_CENTRE", CC);
    for (var s : scopes.entrySet()) {
      List<String> top = contributors.top(alert(s.getKey(), values.get(s.getKey())));
      assertThat(top).as(s.getKey()).isNotEmpty().isEqualTo(independent(s.getValue()));
      assertThat(String.join("\n", top)).as(s.getKey())
          .doesNotContain("oscar").doesNotContain("gpt-5")          // outside the period
          .doesNotContain("trent").doesNotContain("gemini");        // another organisation
      if (!s.getKey().equals("ORG")) {
        assertThat(String.join("\n", top)).as(s.getKey()).doesNotContain("mallory");   // outside the scope
      }
    }
    assertThat(contributors.top(alert("USER", "alice"))).containsExactly(
        "user alice — $370.00", "model claude-opus-4 — $320.00", "model claude-sonnet-4 — $50.00");
    assertThat(contributors.top(alert("ORG", "acme"))).startsWith("user mallory — $5,000.00");
  }

  @Test
  void aBudgetWithoutSpendInThePeriodHasNoContributors() {
    assertThat(contributors.top(alert("TEAM", "nobody"))).isEmpty();
  }

  @Test
  void anUnreachableWarehouseIsNoContributorsWithinTheBound() {
    try (WarehouseContributors down = WarehouseContributors.open(new ClickHouseEndpoint(URI.create("http://127.0.0.1:9"),
        db.name(), "default", "", Duration.ofSeconds(1)))) {
      long t0 = System.nanoTime();
      assertThat(down.top(alert("TEAM", "platform"))).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
  }

  /** The lines from a query written differently: dedup by event id with argMax, the period in milliseconds. */
  private static List<String> independent(String scope) {
    String events = "SELECT event_id, argMax(org_id, version) AS org_id, argMax(team, version) AS team,"
        + " argMax(project_id, version) AS project_id, argMax(cost_centre, version) AS cost_centre,"
        + " argMax(user_id, version) AS user_id, argMax(normalized_model, version) AS normalized_model,"
        + " argMax(event_time_ms, version) AS ms, argMax(cost_total, version) AS c FROM usage_events GROUP BY event_id";
    String where = " WHERE org_id = 'acme' AND ms >= " + START.toEpochMilli() + " AND ms < " + END.toEpochMilli()
        + (scope.isEmpty() ? "" : " AND " + scope);
    List<String> out = new ArrayList<>();
    for (String kind : List.of("user_id", "normalized_model")) {
      for (Map<String, String> r : db.rows("SELECT " + kind + " AS who, toString(sum(c)) AS usd FROM (" + events + ")" + where
          + " GROUP BY who ORDER BY sum(c) DESC, who LIMIT 3")) {
        out.add((kind.equals("user_id") ? "user " : "model ") + r.get("who") + " — "
            + WarehouseContributors.usd(new BigDecimal(r.get("usd"))));
      }
    }
    return out;
  }

  private static Alert alert(String scope, String value) {
    Alert a = WarehouseContributorsTest.alert(scope, value, START, END);
    return new Alert(a.breachId(), a.kind(), "acme", a.budgetId(), scope, value, a.period(), START, END, a.thresholdPercent(),
        a.spendUsd(), a.limitUsd(), a.percentOfLimit(), a.burnRateUsdPerHour(), a.projectedExhaustion(), a.triggeringEventId(),
        a.detectedTime(), a.channels());
  }

  private static String row(String id, String org, String time, String user, String team, String project, String cc,
      String model, String cost, long version) {
    Instant t = Instant.parse(time);
    return String.join("\t", id, org, Long.toString(t.getEpochSecond()), Long.toString(t.toEpochMilli()), user, team, project,
        cc.replace("\\", "\\\\"), model, cost, Long.toString(version)) + "\n";
  }

  private static void insert(String tsv) {
    db.client().insert(INSERT, tsv.getBytes(StandardCharsets.UTF_8));
  }
}
