package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.config.BudgetEvaluation;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budgets in their own time zone, forecasts, and evaluation when budgets change and on the timer (ADR 0203). */
class BudgetEvaluationTest {

  /** A UTC day; the organisation's zone is UTC. */
  private static final Instant DAY = Instant.parse("2026-01-15T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private TopologyHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private TopologyHarness harness(boolean forecast, Instant clockAt) {
    TopologySettings settings = TopologySettings.defaults(ZoneOffset.UTC)
        .withBudgets(new BudgetEvaluation(forecast, Duration.ofHours(1), MINUTE));
    h = new TopologyHarness(settings, new MutableClock(clockAt));
    h.price(Prices.sonnet(DAY.minus(Duration.ofDays(30))).build());
    return h;
  }

  private static BigDecimal usd(String v) {
    return new BigDecimal(v).setScale(9);
  }

  /** 100 000 uncached input tokens: $0.30 at $3/M, team platform of acme. */
  private static UsageEvent thirtyCents(String id, Instant t) {
    return claude(id, t).setTokens(tokens(100_000, 0, 0, 0, 0)).build();
  }

  private static Budget.Builder daily(String limit) {
    return Budget.newBuilder().setBudgetId("platform-daily").setOrgId("acme").setScope(Scope.TEAM).setScopeValue("platform")
        .setPeriod(Period.DAY).setLimitUsd(usd(limit)).setUpdatedTime(DAY);
  }

  private static String kindAndThreshold(BudgetBreach b) {
    return b.getKind() + " " + b.getThresholdPercent();
  }

  @Test
  void aBudgetInItsOwnTimeZoneCountsItsOwnDaysNotTheOrganisations() {
    harness(false, DAY.plus(Duration.ofDays(1)));
    // Tokyo (UTC+9): the budget's day of 15 January is [14th 15:00Z, 15th 15:00Z)
    h.budget(daily("1").setTimeZone("Asia/Tokyo").build());
    for (int i = 0; i < 3; i++) {             // 14:00Z..14:20Z: 0.90 on Tokyo's 15th, UTC's 15th
      h.publish(thirtyCents("late-evening-" + i, DAY.plus(Duration.ofHours(14)).plus(MINUTE.multipliedBy(10L * i))));
    }
    for (int i = 0; i < 2; i++) {             // 15:10Z, 15:20Z: 0.60 on Tokyo's 16th, still UTC's 15th (1.50 in all)
      h.publish(thirtyCents("after-midnight-" + i, DAY.plus(Duration.ofHours(15)).plus(MINUTE.multipliedBy(10L * (i + 1)))));
    }
    List<BudgetBreach> breaches = h.breaches.readValuesToList();
    // in the organisation's zone the UTC day would have reached 100 %: in Tokyo's neither day does
    assertThat(breaches).extracting(BudgetBreach::getBreachId).containsExactly(
        "acme|platform-daily|2026-01-14T15:00:00Z|50|1", "acme|platform-daily|2026-01-14T15:00:00Z|80|1",
        "acme|platform-daily|2026-01-15T15:00:00Z|50|1");
    assertThat(breaches.get(1).getSpendUsd()).isEqualTo(usd("0.9"));
    assertThat(breaches.get(1).getPeriodEnd()).isEqualTo(Instant.parse("2026-01-15T15:00:00Z"));
    assertThat(breaches.get(2).getSpendUsd()).isEqualTo(usd("0.6"));
    assertThat(breaches).extracting(BudgetBreach::getKind).containsOnly(BreachKind.CROSSED);
    // the timer re-evaluates from the same per-budget spend: nothing twice
    h.advance(Duration.ofMinutes(2));
    assertThat(h.breaches.readValuesToList()).isEmpty();
  }

  @Test
  void aForecastIsEmittedOnceBeforeTheCrossingAndNotAgain() {
    harness(true, DAY.plus(Duration.ofHours(6)));
    h.budget(daily("1").build());
    h.publish(thirtyCents("e0", DAY.plus(Duration.ofHours(5))));
    // 0.30 in the first 6 h of the day: 1.20 projected at its end, beyond every threshold
    List<BudgetBreach> forecasts = h.breaches.readValuesToList();
    assertThat(forecasts).extracting(BudgetEvaluationTest::kindAndThreshold)
        .containsExactly("FORECAST 50", "FORECAST 80", "FORECAST 100");
    BudgetBreach f100 = forecasts.get(2);
    assertThat(f100.getBreachId()).isEqualTo("acme|platform-daily|2026-01-15T00:00:00Z|100|1|forecast");
    assertThat(f100.getSpendUsd()).isEqualTo(usd("0.3"));
    assertThat(f100.getProjectedSpendUsd()).isEqualTo(usd("1.2"));
    assertThat(f100.getBurnRateUsdPerHour()).isEqualTo(usd("0.05"));
    assertThat(f100.getProjectedExhaustionTime()).isEqualTo(DAY.plus(Duration.ofHours(20)));   // 0.70 left at 0.05/h
    assertThat(f100.getTriggeringEventId()).isEqualTo("e0");
    assertThat(f100.getDetectedTime()).isEqualTo(DAY.plus(Duration.ofHours(6)));

    h.publish(thirtyCents("e1", DAY.plus(Duration.ofHours(6))));
    h.publish(thirtyCents("e2", DAY.plus(Duration.ofHours(6))));
    h.advance(Duration.ofMinutes(5));         // timer and change checks: nothing again
    h.publish(thirtyCents("e3", DAY.plus(Duration.ofHours(6))));
    assertThat(h.breaches.readValuesToList()).extracting(BudgetEvaluationTest::kindAndThreshold)
        .containsExactly("CROSSED 50", "CROSSED 80", "CROSSED 100");
  }

  @Test
  void noForecastFromTooLittleEvidence() {
    harness(true, DAY.plus(Duration.ofMinutes(30)));
    h.budget(daily("1").build());
    h.publish(thirtyCents("e0", DAY.plus(Duration.ofMinutes(10))));
    h.publish(thirtyCents("e1", DAY.plus(Duration.ofMinutes(20))));
    // 0.60 after 30 min would project 28.80, but 30 min is less than budgets.forecast_min_elapsed (1 h)
    assertThat(h.breaches.readValuesToList()).extracting(BudgetEvaluationTest::kindAndThreshold).containsExactly("CROSSED 50");
    h.advance(Duration.ofMinutes(29));
    assertThat(h.breaches.readValuesToList()).isEmpty();
  }

  @Test
  void theTimerForecastsWithoutNewEvents() {
    harness(true, DAY.plus(Duration.ofMinutes(30)));
    h.budget(daily("1").build());
    h.publish(thirtyCents("e0", DAY.plus(Duration.ofMinutes(10))));
    h.publish(thirtyCents("e1", DAY.plus(Duration.ofMinutes(20))));
    assertThat(h.breaches.readValuesToList()).extracting(BudgetEvaluationTest::kindAndThreshold).containsExactly("CROSSED 50");
    h.advance(Duration.ofMinutes(31));        // one hour of the day has passed: no event, but the timer runs
    List<BudgetBreach> forecasts = h.breaches.readValuesToList();
    assertThat(forecasts).extracting(BudgetEvaluationTest::kindAndThreshold).containsExactly("FORECAST 80", "FORECAST 100");
    assertThat(forecasts.get(0).getTriggeringEventId()).isEmpty();
    assertThat(forecasts.get(0).getDetectedTime()).isEqualTo(DAY.plus(Duration.ofMinutes(61)));
    h.advance(Duration.ofMinutes(10));
    assertThat(h.breaches.readValuesToList()).isEmpty();
    // the next day: the timer evaluates the new period (no spend yet), not the old one again
    h.advance(Duration.ofHours(23));
    assertThat(h.breaches.readValuesToList()).isEmpty();
  }

  @Test
  void aChangedBudgetIsEvaluatedAtOnceAndARaisedLimitReArmsItsThresholds() {
    harness(false, DAY.plus(Duration.ofHours(12)));
    h.budget(daily("1").build());
    for (int i = 0; i < 4; i++) {             // 1.20
      h.publish(thirtyCents("e" + i, DAY.plus(Duration.ofHours(11)).plus(MINUTE.multipliedBy(i))));
    }
    assertThat(h.breaches.readValuesToList()).extracting(BudgetBreach::getThresholdPercent).containsExactly(50, 80, 100);

    h.budget(daily("2").build());             // raised: 1.20 is 60 % of 2, reported at once, without an event
    h.advance(Duration.ofSeconds(1));
    List<BudgetBreach> raised = h.breaches.readValuesToList();
    assertThat(raised).extracting(BudgetBreach::getBreachId).containsExactly("acme|platform-daily|2026-01-15T00:00:00Z|50|2");
    assertThat(raised.get(0).getTriggeringEventId()).isEmpty();
    assertThat(raised.get(0).getSpendUsd()).isEqualTo(usd("1.2"));

    h.budget(daily("2").setNotify(List.of("slack")).build());   // changed, same limit: nothing again
    h.advance(Duration.ofSeconds(1));
    assertThat(h.breaches.readValuesToList()).isEmpty();

    h.budget(daily("1.5").build());           // lowered: 1.20 is 80 % of 1.50
    h.budget(Budget.newBuilder(daily("1").build()).setBudgetId("org-daily").setScope(Scope.ORG).setScopeValue("acme").build());
    h.advance(Duration.ofSeconds(1));
    assertThat(h.breaches.readValuesToList()).extracting(BudgetBreach::getBreachId).containsExactlyInAnyOrder(
        "acme|platform-daily|2026-01-15T00:00:00Z|50|1.5", "acme|platform-daily|2026-01-15T00:00:00Z|80|1.5",
        "acme|org-daily|2026-01-15T00:00:00Z|50|1", "acme|org-daily|2026-01-15T00:00:00Z|80|1",
        "acme|org-daily|2026-01-15T00:00:00Z|100|1");
  }

  @Test
  void aBudgetNamingAZoneThatIsNotOneIsRejectedNotEvaluatedElsewhere() {
    harness(false, DAY.plus(Duration.ofHours(12)));
    h.budget(daily("1").setTimeZone("Mars/Olympus").build());
    h.publish(thirtyCents("e0", DAY.plus(Duration.ofHours(11))));
    h.publish(thirtyCents("e1", DAY.plus(Duration.ofHours(11))));
    h.advance(Duration.ofMinutes(2));
    assertThat(h.breaches.readValuesToList()).isEmpty();
    // published once, by the task of partition 0 (the control topics' rejections)
    assertThat(h.rejected.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getReason()).isEqualTo(dev.tokenledger.events.RejectReason.INVALID_EVENT);
      assertThat(r.getMessage()).contains("time zone 'Mars/Olympus' is not an IANA zone");
    });
  }
}
