package dev.tokenledger.processor.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.calendar.PeriodWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetBreachDetectorTest {

  private static final Instant DAY_START = Instant.parse("2026-05-04T00:00:00Z");
  private static final PeriodWindow DAY = new PeriodWindow(Period.DAY, DAY_START, DAY_START.plusSeconds(86_400));
  private final BudgetBreachDetector detector = new BudgetBreachDetector();

  static Budget budget(String limit) {
    return Budget.newBuilder().setBudgetId("team-platform-daily").setOrgId("acme").setScope(Scope.TEAM)
        .setScopeValue("platform").setPeriod(Period.DAY).setLimitUsd(new BigDecimal(limit).setScale(9))
        .setUpdatedTime(DAY_START).build();
  }

  @Test
  void reportsEachReachedThresholdOnceWithBurnRateAndProjection() {
    Set<Integer> reported = new HashSet<>();
    Instant tenAm = DAY_START.plusSeconds(10 * 3600);
    List<BudgetBreach> first = detector.detect(budget("100"), DAY, new BigDecimal("50"), reported::contains, "e1", tenAm, tenAm);
    assertThat(first).extracting(BudgetBreach::getThresholdPercent).containsExactly(50);
    BudgetBreach b = first.get(0);
    assertThat(b.getBreachId()).isEqualTo("acme|team-platform-daily|2026-05-04T00:00:00Z|50|100");
    assertThat(b.getPercentOfLimit()).isEqualTo(new BigDecimal("50.0000"));
    assertThat(b.getBurnRateUsdPerHour()).isEqualTo(new BigDecimal("5.000000000"));
    assertThat(b.getProjectedExhaustionTime()).isEqualTo(DAY_START.plusSeconds(20 * 3600));
    first.forEach(x -> reported.add(x.getThresholdPercent()));

    assertThat(detector.detect(budget("100"), DAY, new BigDecimal("79.99"), reported::contains, "e2", tenAm, tenAm)).isEmpty();
    List<BudgetBreach> jump = detector.detect(budget("100"), DAY, new BigDecimal("100"), reported::contains, "e3", tenAm, tenAm);
    assertThat(jump).extracting(BudgetBreach::getThresholdPercent).containsExactly(80, 100);
    assertThat(jump.get(1).getProjectedExhaustionTime()).isNull();
  }

  @Test
  void aBudgetNamingNoZoneOrNoCalendarPeriodIsUnusable() {
    assertThat(BudgetBreachDetector.problems(Budget.newBuilder(budget("100")).setTimeZone("Mars/Olympus").build()))
        .singleElement().asString().contains("time zone 'Mars/Olympus' is not an IANA zone");
    assertThat(BudgetBreachDetector.problems(Budget.newBuilder(budget("100")).setPeriod(Period.OTHER).build()))
        .singleElement().asString().contains("not a calendar period");
    assertThat(BudgetBreachDetector.problems(Budget.newBuilder(budget("100")).setTimeZone("Asia/Tokyo").build())).isEmpty();
  }

  @Test
  void invalidBudgetsReportNothing() {
    assertThat(BudgetBreachDetector.problems(budget("0"))).isNotEmpty();
    assertThat(detector.detect(budget("0"), DAY, BigDecimal.TEN, t -> false, "e", DAY_START, DAY_START)).isEmpty();
  }
}
