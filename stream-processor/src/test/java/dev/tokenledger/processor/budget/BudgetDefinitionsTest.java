package dev.tokenledger.processor.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetDefinitionsTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  @Test
  void readsBudgetTablesWithDefaults() throws Exception {
    List<Budget> budgets = BudgetDefinitions.parse(new StringReader("""
        [[budget]]
        id = "platform-monthly"
        org = "acme"
        scope = "team"
        value = "platform"
        period = "month"
        limit_usd = 500
        notify = ["slack-platform"]

        [[budget]]
        id = "acme-daily"
        org = "acme"
        scope = "org"
        period = "day"
        limit_usd = 120.5
        thresholds = [90, 50]
        """), NOW);
    assertThat(budgets).hasSize(2);
    Budget team = budgets.get(0);
    assertThat(team.getScope()).isEqualTo(Scope.TEAM);
    assertThat(team.getPeriod()).isEqualTo(Period.MONTH);
    assertThat(team.getLimitUsd()).isEqualTo(new BigDecimal("500.000000000"));
    assertThat(team.getThresholdsPercent()).containsExactly(50, 80, 100);
    assertThat(team.getNotify()).containsExactly("slack-platform");
    Budget org = budgets.get(1);
    assertThat(org.getScopeValue()).isEqualTo("acme");
    assertThat(org.getThresholdsPercent()).containsExactly(50, 90);
  }

  @Test
  void aBudgetsOwnTimeZoneIsKeptAndAZoneThatIsNotOneRefused() {
    assertThat(BudgetDefinitions.build(new BudgetDefinitions.Definition("tokyo-daily", "acme", "team", "platform", "day", "10",
        null, null, true, "Asia/Tokyo"), NOW).getTimeZone()).isEqualTo("Asia/Tokyo");
    assertThatThrownBy(() -> BudgetDefinitions.build(new BudgetDefinitions.Definition("b", "acme", "org", null, "day", "10",
        null, null, true, "Mars/Olympus"), NOW)).isInstanceOf(BudgetDefinitions.InvalidBudgets.class)
        .hasMessageContaining("time_zone 'Mars/Olympus' is not an IANA zone");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> BudgetDefinitions.parse(new StringReader("""
        [[budget]]
        scope = "galaxy"
        period = "fortnight"
        limit_usd = -5
        colour = "red"
        """), NOW)).isInstanceOfSatisfying(BudgetDefinitions.InvalidBudgets.class,
        e -> assertThat(e.errors()).hasSize(6));
  }

  @Test
  void refusesLimitsOutsideTheContractAndIdsThatWouldBreakTheKeys() {
    for (String limit : List.of("1e-999999999", "1e30", "0.0000000001", "-5", "NaN")) {
      assertThatThrownBy(() -> BudgetDefinitions.build(new BudgetDefinitions.Definition("b", "acme", "org", null, "day", limit,
          null, null, true, null), NOW)).as(limit).isInstanceOf(BudgetDefinitions.InvalidBudgets.class)
          .hasMessageContaining("limit_usd");
    }
    assertThatThrownBy(() -> BudgetDefinitions.build(new BudgetDefinitions.Definition("a|b", "ac|me", "org", null, "day", "10",
        null, null, true, null), NOW)).isInstanceOfSatisfying(BudgetDefinitions.InvalidBudgets.class,
            e -> assertThat(e.errors()).anyMatch(m -> m.contains("id 'a|b'")).anyMatch(m -> m.contains("org 'ac|me'")));
    assertThat(BudgetDefinitions.build(new BudgetDefinitions.Definition("b", "acme", "org", null, "day", "999999999.999999999",
        null, null, true, null), NOW).getLimitUsd()).isEqualByComparingTo("999999999.999999999");
  }
}
