package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.api.budget.SpendWindow;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A budget's spend: the rollups for org-zone days, the events for another zone's instants. */
class BudgetSqlTest {

  private final SpendTable events = PricedEventsTable.in("tl");
  private final RollupTable rollups = DailyRollupTable.in("tl");

  @Test
  void orgZoneDaysFromTheRollupsOfTheScope() {
    assertThat(BudgetSql.spend("acme", BudgetScope.TEAM, "plat'form", new SpendWindow.Days(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
        events, rollups)).isEqualTo("SELECT sum(cost_usd) AS cost_usd FROM tl.usage_daily WHERE org_id = 'acme' AND dimension = 'team'"
            + " AND value = 'plat\\'form' AND day >= toDate('2026-11-01') AND day < toDate('2026-12-01') FORMAT TabSeparatedWithNames");
    assertThat(BudgetSql.spend("acme", BudgetScope.ORG, "acme", new SpendWindow.Days(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)),
        events, rollups)).isEqualTo("SELECT sum(cost_usd) AS cost_usd FROM tl.usage_daily WHERE org_id = 'acme' AND dimension = 'org'"
            + " AND day >= toDate('2026-11-01') AND day < toDate('2026-11-02') FORMAT TabSeparatedWithNames");
  }

  @Test
  void anotherZoneReadsTheEventsBetweenInstants() {
    assertThat(BudgetSql.spend("acme", BudgetScope.COST_CENTRE, "cc-1",
        new SpendWindow.Instants(Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z")), events, rollups))
        .isEqualTo("SELECT sum(cost_total) AS cost_usd FROM tl.usage_events FINAL WHERE org_id = 'acme' AND cost_centre = 'cc-1'"
            + " AND event_day >= toDate('2026-10-23') AND event_day < toDate('2026-10-27')"
            + " AND event_time >= toDateTime('2026-10-24 22:00:00', 'UTC') AND event_time < toDateTime('2026-10-25 23:00:00', 'UTC')"
            + " FORMAT TabSeparatedWithNames");
  }
}
