package dev.tokenledger.api.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Percent, status, projection (exact BigDecimal) and the status line. */
class BudgetStatusTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  // November has 30 days = 720 hours; at 2026-11-10T00:00Z 216 hours (9 days) have passed.
  private static final Instant DAY_TEN = Instant.parse("2026-11-10T00:00:00Z");

  static BudgetDefinition budget(String id, BudgetScope scope, String value, String limit, List<Integer> thresholds, boolean enabled) {
    return new BudgetDefinition("acme", id, scope, value, BudgetPeriod.MONTH, new BigDecimal(limit).setScale(9), thresholds,
        Optional.empty(), enabled, List.of("slack-platform"), Instant.EPOCH);
  }

  private static BudgetStatus status(BudgetDefinition b, String spend, Instant now) {
    return BudgetStatus.of(b, b.period().window(now, UTC), new BigDecimal(spend), now);
  }

  @Test
  void percentRemainingAndTheLinearProjection() {
    BudgetStatus s = status(budget("p", BudgetScope.TEAM, "platform", "500", List.of(50, 80, 100), true), "123.456789", DAY_TEN);
    assertThat(s.spendUsd()).isEqualTo(new BigDecimal("123.456789000"));
    assertThat(s.remainingUsd()).isEqualTo(new BigDecimal("376.543211000"));
    assertThat(s.percent()).isEqualTo(new BigDecimal("24.69")); // 24.6913578, cut
    // 123.456789 / 216 h * 720 h = 411.52263
    assertThat(s.projectedUsd()).isEqualTo(new BigDecimal("411.522630000"));
    assertThat(s.projectedPercent()).isEqualTo(new BigDecimal("82.30"));
    assertThat(s.level()).isEqualTo(BudgetStatus.Level.OK);
  }

  @Test
  void warningAtTheLowestThresholdExceededAtOneHundredPercent() {
    BudgetDefinition b = budget("p", BudgetScope.TEAM, "platform", "500", List.of(80, 100), true);
    assertThat(status(b, "399.999999999", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.OK);
    assertThat(status(b, "400", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.WARNING);
    assertThat(status(b, "499.999999999", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.WARNING);
    assertThat(status(b, "499.999999999", DAY_TEN).percent()).isEqualTo(new BigDecimal("99.99"));
    assertThat(status(b, "500", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.EXCEEDED);
    assertThat(status(b, "750", DAY_TEN).remainingUsd()).isEqualTo(new BigDecimal("-250.000000000"));
    // a lowest threshold above 100 %: no warning before exceeded
    BudgetDefinition high = budget("h", BudgetScope.TEAM, "platform", "500", List.of(120), true);
    assertThat(status(high, "499", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.OK);
    assertThat(status(high, "500", DAY_TEN).level()).isEqualTo(BudgetStatus.Level.EXCEEDED);
  }

  @Test
  void theFirstHourProjectsAsIfAnHourHadPassed() {
    BudgetDefinition b = budget("p", BudgetScope.ORG, "acme", "720", List.of(50, 80, 100), true);
    Instant oneMinuteIn = Instant.parse("2026-11-01T00:01:00Z");
    assertThat(status(b, "1", oneMinuteIn).projectedUsd()).isEqualTo(new BigDecimal("720.000000000"));
    assertThat(status(b, "0", oneMinuteIn).projectedUsd()).isEqualTo(new BigDecimal("0E-9"));
  }

  @Test
  void theLineShowsTheMostCriticalEnabledBudget() {
    BudgetStatus team = status(budget("t", BudgetScope.TEAM, "platform", "500", List.of(50, 80, 100), true), "410", DAY_TEN);
    BudgetStatus org = status(budget("o", BudgetScope.ORG, "acme", "10000", List.of(50, 80, 100), true), "100", DAY_TEN);
    BudgetStatus user = status(budget("u", BudgetScope.USER, "alice", "50", List.of(90), true), "20", DAY_TEN);
    // 410 of 500 = 82 %; projected 410 / 216 * 720 = 1366.67 = 273 %
    assertThat(StatusLine.of(List.of(org, user, team))).isEqualTo("budget: team platform 82% of $500.00/month (projected 273%)");
    assertThat(StatusLine.exceeded(List.of(org, user, team))).isFalse();
    assertThat(StatusLine.of(List.of(org, user))).isEqualTo("budget: ok (user alice 40% of $50.00/month (projected 133%))");
    BudgetStatus over = status(budget("c", BudgetScope.COST_CENTRE, "cc-7", "0.125", List.of(50), true), "0.2", DAY_TEN);
    assertThat(StatusLine.of(List.of(org, team, over))).isEqualTo("budget: EXCEEDED cost centre cc-7 160% of $0.125/month (projected 533%)");
    assertThat(StatusLine.exceeded(List.of(org, team, over))).isTrue();
    BudgetStatus disabled = status(budget("d", BudgetScope.TEAM, "platform", "1", List.of(50), false), "5", DAY_TEN);
    assertThat(StatusLine.of(List.of(disabled))).isEqualTo("budget: none");
    assertThat(StatusLine.exceeded(List.of(disabled))).isFalse();
    assertThat(StatusLine.of(List.of())).isEqualTo("budget: none");
  }
}
