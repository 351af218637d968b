package dev.tokenledger.processor.streams;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.CountsOrigin;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Telemetry over logs (ADR 0145), through the whole topology: one priced version per (organisation,
 * request id); a better copy arriving later revises the kept one in place and moves rollups and budgets
 * by the difference exactly once; an equal or worse copy is a duplicate.
 */
class RequestPrecedenceTest {

  private static final Instant DAY = Instant.parse("2026-01-15T00:00:00Z");
  private static final Instant T = DAY.plus(Duration.ofHours(10));

  private final TopologyHarness h = new TopologyHarness(TopologySettings.defaults(ZoneOffset.UTC),
      new MutableClock(DAY.plus(Duration.ofHours(12))));

  @AfterEach
  void close() {
    h.close();
  }

  /** The transcript's copy: 100 000 input ($0.30 at $3/M) and 1 000 output ($0.015 at $15/M), no final usage. */
  private static UsageEvent logCopy() {
    return claude("log-1", T).setRequestId("req_A").setMessageId("msg_A").setTokens(tokens(100_000, 1_000, 0, 0, 0))
        .setAccuracy(Accuracy.LOWER_BOUND).setCountsOrigin(CountsOrigin.LOG_FILE).build();
  }

  /** Claude Code's api_request event of the same request: the final 10 000 output tokens ($0.15). */
  private static UsageEvent telemetryCopy() {
    return claude("otel-1", T.plusMillis(300)).setRequestId("req_A").setMessageId(null).setProjectId("unknown")
        .setBranch(null).setGitRemote(null).setTokens(tokens(100_000, 10_000, 0, 0, 0))
        .setAccuracy(Accuracy.EXACT).setCountsOrigin(CountsOrigin.TELEMETRY)
        .setReportedCostUsd(new BigDecimal("0.450000000")).build();
  }

  private static BigDecimal usd(String v) {
    return new BigDecimal(v).setScale(9);
  }

  private UsageRollup dayRollup(Map<String, UsageRollup> latest, Scope scope, String value) {
    return latest.get(new RollupKey("acme", scope, value, Period.DAY, DAY).asString());
  }

  @Test
  void telemetryAfterTheLogCopyRevisesTheEventInPlaceAndMovesRollupsByTheDifference() {
    h.price(Prices.sonnet(DAY.minus(Duration.ofDays(30))).build());
    h.publish(logCopy());
    List<PricedUsage> first = h.pricedValues();
    assertThat(first).singleElement().satisfies(p -> {
      assertThat(p.getRevision()).isZero();
      assertThat(p.getCost().getTotal()).isEqualTo(usd("0.315"));
    });
    Map<String, UsageRollup> latest = h.latestRollups();
    assertThat(dayRollup(latest, Scope.PROJECT, "github.com/acme/widgets").getCost()).isEqualTo(usd("0.315"));

    h.publish(telemetryCopy());

    List<PricedUsage> revised = h.pricedValues();
    assertThat(revised).singleElement().satisfies(p -> {
      assertThat(p.getEvent().getEventId()).isEqualTo("log-1");               // the original id …
      assertThat(p.getEvent().getProjectId()).isEqualTo("github.com/acme/widgets");   // … and attribution
      assertThat(p.getEvent().getBranch()).isEqualTo("main");
      assertThat(p.getEvent().getEventTime()).isEqualTo(T);
      assertThat(p.getEvent().getTokens().getOutput()).isEqualTo(10_000);     // the telemetry's counts
      assertThat(p.getEvent().getAccuracy()).isEqualTo(Accuracy.EXACT);
      assertThat(p.getEvent().getCountsOrigin()).isEqualTo(CountsOrigin.TELEMETRY);
      assertThat(p.getEvent().getReportedCostUsd()).isEqualTo(usd("0.45"));
      assertThat(p.getCost().getTotal()).isEqualTo(usd("0.45"));
      assertThat(p.getRevision()).isEqualTo(1);
      assertThat(p.getReplacedOutputTokens()).isEqualTo(1_000);
      assertThat(p.getReplacedInputTokens()).isEqualTo(100_000);
      assertThat(p.getReplacedCostTotal()).isEqualTo(usd("0.315"));
      assertThat(p.getReplacedAccuracy()).isEqualTo("LOWER_BOUND");   // the log copy's label, out of the not-final sums
      assertThat(p.getPricedTime()).isAfter(first.get(0).getPricedTime());
    });
    latest = h.latestRollups(latest);
    UsageRollup project = dayRollup(latest, Scope.PROJECT, "github.com/acme/widgets");
    assertThat(project.getCost()).isEqualTo(usd("0.45"));
    assertThat(project.getRequests()).isEqualTo(1);
    assertThat(project.getSessions()).isEqualTo(1);
    assertThat(project.getTokens().getOutput()).isEqualTo(10_000);
    assertThat(project.getTokens().getInput()).isEqualTo(100_000);
    assertThat(dayRollup(latest, Scope.PROJECT, "unknown")).isNull();   // the telemetry's own attribution is not used
    assertThat(dayRollup(latest, Scope.ORG, "acme").getCost()).isEqualTo(usd("0.45"));
    assertThat(h.metricTotal("revised")).isEqualTo(1.0);
  }

  @Test
  void aSecondTelemetryCopyAndALateLogCopyAreDuplicates() {
    h.price(Prices.sonnet(DAY.minus(Duration.ofDays(30))).build());
    h.publish(telemetryCopy());
    assertThat(h.pricedValues()).singleElement().satisfies(p -> assertThat(p.getEvent().getEventId()).isEqualTo("otel-1"));

    h.publish(logCopy());                                                            // worse, later: dropped
    h.publish(claude("otel-2", T).setRequestId("req_A").setTokens(tokens(1, 1, 0, 0, 0))
        .setCountsOrigin(CountsOrigin.TELEMETRY).build());                            // same rank, later: dropped

    assertThat(h.pricedValues()).isEmpty();
    assertThat(h.metricTotal("duplicate")).isEqualTo(2.0);
    UsageRollup org = dayRollup(h.latestRollups(), Scope.ORG, "acme");
    assertThat(org.getRequests()).isEqualTo(1);
    assertThat(org.getCost()).isEqualTo(usd("0.45"));
  }

  @Test
  void onlyClaudeCodeEventsWithARequestIdAreMatched() {
    h.price(Prices.sonnet(DAY.minus(Duration.ofDays(30))).build());
    h.publish(claude("no-id-1", T).setRequestId(null).build());
    h.publish(claude("no-id-2", T).setRequestId(null).setCountsOrigin(CountsOrigin.TELEMETRY).build());
    h.publish(claude("other-source", T).setSource(SourceTool.API).setRequestId("req_B").build());
    h.publish(claude("other-source-2", T).setSource(SourceTool.API).setRequestId("req_B").setCountsOrigin(CountsOrigin.TELEMETRY).build());

    assertThat(h.pricedValues()).extracting(p -> p.getEvent().getEventId())
        .containsExactly("no-id-1", "no-id-2", "other-source", "other-source-2");
    assertThat(h.pricedValues()).isEmpty();
  }

  @Test
  void aBudgetCrossedByARevisionFiresLikeAnyOther() {
    h.price(Prices.sonnet(DAY.minus(Duration.ofDays(30))).build());
    h.budget(Budget.newBuilder().setBudgetId("platform-daily").setOrgId("acme").setScope(Scope.TEAM).setScopeValue("platform")
        .setPeriod(Period.DAY).setLimitUsd(usd("0.40")).setUpdatedTime(DAY).build());
    h.publish(logCopy());                                           // $0.315: 78 % of 0.40 → the 50 % threshold
    assertThat(crossings()).extracting(BudgetBreach::getThresholdPercent).containsExactly(50);

    h.publish(telemetryCopy());                                     // $0.45: 112 %

    List<BudgetBreach> breaches = crossings();
    assertThat(breaches).extracting(BudgetBreach::getThresholdPercent).containsExactly(80, 100);
    assertThat(breaches.get(1).getSpendUsd()).isEqualTo(usd("0.45"));
  }

  private List<BudgetBreach> crossings() {
    return h.breaches.readValuesToList().stream().filter(b -> b.getKind() == BreachKind.CROSSED).toList();
  }

  @Test
  void theRevisionRuleRanksTelemetryOverLogsAndFinalOverLowerBound() {
    UsageEvent logExact = claude("a", T).setCountsOrigin(CountsOrigin.LOG_FILE).build();
    UsageEvent logLower = claude("b", T).setCountsOrigin(CountsOrigin.LOG_FILE).setAccuracy(Accuracy.LOWER_BOUND).build();
    UsageEvent unknownOrigin = claude("c", T).build();
    UsageEvent telemetry = claude("d", T).setCountsOrigin(CountsOrigin.TELEMETRY).build();
    assertThat(RequestPrecedence.rank(telemetry)).isGreaterThan(RequestPrecedence.rank(logExact));
    assertThat(RequestPrecedence.rank(logExact)).isGreaterThan(RequestPrecedence.rank(logLower));
    assertThat(RequestPrecedence.rank(unknownOrigin)).isEqualTo(RequestPrecedence.rank(logExact));
    assertThat(RequestPrecedence.aliasOf(telemetry)).isEqualTo("acme|req_d");
  }
}
