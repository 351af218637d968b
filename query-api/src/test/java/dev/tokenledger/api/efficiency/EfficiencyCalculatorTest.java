package dev.tokenledger.api.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.efficiency.EfficiencyFacts.ModelUsage;
import dev.tokenledger.api.efficiency.EfficiencyFacts.SessionCost;
import dev.tokenledger.api.efficiency.EfficiencyFacts.Share;
import dev.tokenledger.api.efficiency.EfficiencyFacts.Totals;
import dev.tokenledger.api.efficiency.EfficiencyReport.OutlierSession;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import dev.tokenledger.api.query.Dimension;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The figures of hand-computed facts, to the digit. */
class EfficiencyCalculatorTest {

  private static final EfficiencyQuery NOVEMBER = new EfficiencyQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZoneId.of("UTC"),
      Map.of(Dimension.ORG, Set.of("acme")));
  private static final EfficiencySettings SETTINGS = new EfficiencySettings(new BigDecimal("0.70"), new BigDecimal("3"), 30, 4, 20, 50,
      200, 5, 100, new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("0.25"), 30);
  private static final Totals TOTALS = new Totals(10, 4, 6, 100, 50, 200, 100, 600, new BigDecimal("3.000000000"), new BigDecimal("0.4"));

  private static Instant nov(int day) {
    return Instant.parse(String.format("2026-11-%02dT10:00:00Z", day));
  }

  private static EfficiencyFacts facts(Totals totals, List<SessionCost> sessions, List<ModelUsage> models) {
    return new EfficiencyFacts(totals, List.of(new Share("", 7, new BigDecimal("2")), new Share("reviewer", 3, new BigDecimal("1"))),
        List.of(new Share("implement", 10, new BigDecimal("3"))), sessions, models, Optional.empty());
  }

  @Test
  void cacheActivityAndShares() {
    EfficiencyReport r = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, facts(TOTALS, List.of(), List.of()));
    // 600 / (100 + 200 + 100 + 600)
    assertThat(r.cache().hitRatio()).isEqualTo("0.6000");
    assertThat(r.cache().meetsTarget()).isFalse();
    assertThat(r.cache().cacheWriteTokens()).isEqualTo(300);
    assertThat(r.activity().costPerSessionUsd()).isEqualTo("0.750000000");
    assertThat(r.activity().costPerActiveMinuteUsd()).isEqualTo("0.500000000");
    // (100 + 50 + 300 + 600) / 10
    assertThat(r.activity().tokensPerCall()).isEqualTo("105.00");
    assertThat(r.shareByAgent()).extracting(EfficiencyReport.ShareFigure::share).containsExactly(new BigDecimal("0.6667"), new BigDecimal("0.3333"));
    assertThat(r.shareByWorkflowStep().get(0).share()).isEqualTo("1.0000");
    assertThat(r.commits()).isEqualTo(new EfficiencyReport.CommitFigures(false, 0, 0, 0, 0, null, null, null));
    // reads (600) are not below one per written token (300): no cache-write smell; 10 calls >= 5: the target smell
    assertThat(r.smells()).extracting(Smell::code).containsExactly("cache_hit_below_target");
    assertThat(r.smells().get(0).value()).isEqualTo("0.6000");
  }

  @Test
  void nothingToDivideByIsNullNotZero() {
    Totals none = new Totals(0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);
    EfficiencyReport r = new EfficiencyCalculator(SETTINGS).report(NOVEMBER,
        new EfficiencyFacts(none, List.of(), List.of(), List.of(), List.of(), Optional.empty()));
    assertThat(r.cache().hitRatio()).isNull();
    assertThat(r.cache().meetsTarget()).isNull();
    assertThat(r.activity().costPerSessionUsd()).isNull();
    assertThat(r.activity().costPerActiveMinuteUsd()).isNull();
    assertThat(r.activity().tokensPerCall()).isNull();
    assertThat(r.smells()).isEmpty();
  }

  @Test
  void commitsDivideTheCostOfTheSessionsThatSawThem() {
    EfficiencyFacts f = new EfficiencyFacts(TOTALS, List.of(), List.of(), List.of(), List.of(),
        Optional.of(new EfficiencyFacts.Commits(4, 100, 20, 2, new BigDecimal("2.400000000"))));
    EfficiencyReport.CommitFigures c = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, f).commits();
    assertThat(c.collected()).isTrue();
    assertThat(c.sessions()).isEqualTo(2);
    assertThat(c.costPerCommitUsd()).isEqualTo("0.600000000");
    assertThat(c.costPerChangedLineUsd()).isEqualTo("0.020000000");

    EfficiencyFacts none = new EfficiencyFacts(TOTALS, List.of(), List.of(), List.of(), List.of(),
        Optional.of(new EfficiencyFacts.Commits(0, 0, 0, 0, BigDecimal.ZERO)));
    EfficiencyReport.CommitFigures c0 = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, none).commits();
    assertThat(c0.collected()).isTrue();
    assertThat(c0.costPerCommitUsd()).isNull();
    assertThat(c0.costPerChangedLineUsd()).isNull();
  }

  @Test
  void outliersAgainstTheUsersMedianIncludingTheBaseline() {
    List<SessionCost> sessions = List.of(
        // alice: 1, 2, 3, 100 (one in October, the baseline) -> median (2 + 3) / 2 = 2.5
        new SessionCost("alice", "a0", Instant.parse("2026-10-20T10:00:00Z"), new BigDecimal("2")),
        new SessionCost("alice", "a1", nov(2), new BigDecimal("1")),
        new SessionCost("alice", "a2", nov(3), new BigDecimal("3")),
        new SessionCost("alice", "a3", nov(4), new BigDecimal("100")),
        // bob: an outlier in the baseline only is not listed; 1, 1, 1, 1, 50 -> median 1
        new SessionCost("bob", "b0", Instant.parse("2026-10-31T23:59:59Z"), new BigDecimal("50")),
        new SessionCost("bob", "b1", nov(2), new BigDecimal("1")),
        new SessionCost("bob", "b2", nov(3), new BigDecimal("1")),
        new SessionCost("bob", "b3", nov(4), new BigDecimal("1")),
        new SessionCost("bob", "b4", nov(5), new BigDecimal("3.000000001")),
        // carol: too few sessions to judge
        new SessionCost("carol", "c1", nov(2), new BigDecimal("1")),
        new SessionCost("carol", "c2", nov(3), new BigDecimal("90")));
    EfficiencyReport r = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, facts(TOTALS, sessions, List.of()));
    assertThat(r.outlierSessions()).containsExactly(
        new OutlierSession("a3", "alice", new BigDecimal("100"), new BigDecimal("2.500000000"), new BigDecimal("40.0000"), 4),
        new OutlierSession("b4", "bob", new BigDecimal("3.000000001"), new BigDecimal("1.000000000"), new BigDecimal("3.0000"), 5));
    assertThat(r.smells()).extracting(Smell::code).contains("session_cost_outliers");
  }

  @Test
  void theMedianOfAnOddCountIsTheMiddleAndIsRounded() {
    assertThat(OutlierFinder.median(List.of(new BigDecimal("3"), new BigDecimal("1"), new BigDecimal("2")))).isEqualTo("2.000000000");
    assertThat(OutlierFinder.median(List.of(new BigDecimal("0.000000001"), new BigDecimal("0.000000002")))).isEqualTo("0.000000002");
  }

  @Test
  void perCallSmellsFireAtTheirThresholds() {
    Totals t = new Totals(100, 4, 50, 1000, 500, 5000, 0, 100, new BigDecimal("10"), BigDecimal.ZERO);
    List<ModelUsage> models = List.of(
        // 9 $ / 3000 tokens vs 1 $ / 3700 tokens: big is the dearer; 15 of its 60 calls trivial = 0.25
        new ModelUsage("big", 60, 3000, new BigDecimal("9"), 10, 15, new BigDecimal("0.5")),
        new ModelUsage("small", 40, 3700, new BigDecimal("1"), 0, 30, new BigDecimal("0.1")));
    EfficiencyReport r = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, facts(t, List.of(), models));
    assertThat(r.smells()).extracting(Smell::code).containsExactly("cache_hit_below_target", "cache_writes_without_reads",
        "frequent_long_context", "expensive_model_on_trivial_turns");
    assertThat(r.smells()).extracting(Smell::value).containsExactly(new BigDecimal("0.0164"), new BigDecimal("0.0200"),
        new BigDecimal("0.1000"), new BigDecimal("0.2500"));
    assertThat(r.smells().get(3).finding()).contains("big", "$3000.0000 per million tokens", "15 of its 60 calls");

    List<ModelUsage> fewerTrivial = List.of(new ModelUsage("big", 60, 3000, new BigDecimal("9"), 10, 14, new BigDecimal("0.5")), models.get(1));
    assertThat(new EfficiencyCalculator(SETTINGS).report(NOVEMBER, facts(t, List.of(), fewerTrivial)).smells())
        .extracting(Smell::code).doesNotContain("expensive_model_on_trivial_turns");
  }

  @Test
  void zombiesAreConfiguredServersNotCalledSinceTheWindowsStart() {
    Instant windowStart = Instant.parse("2026-11-01T00:00:00Z");
    EfficiencyFacts f = new EfficiencyFacts(TOTALS, List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of(
        new EfficiencyFacts.McpServer("github", 9, Instant.parse("2026-11-01T00:00:00Z")),
        new EfficiencyFacts.McpServer("context7", 1, Instant.parse("2026-10-31T23:59:59Z")),
        new EfficiencyFacts.McpServer("zen", 2, null),
        new EfficiencyFacts.McpServer("atlas", 2, null)), windowStart);
    EfficiencyReport r = new EfficiencyCalculator(SETTINGS).report(NOVEMBER, f);
    assertThat(r.zombieMcpServers()).containsExactly(
        new EfficiencyReport.ZombieServer("atlas", 2, null), new EfficiencyReport.ZombieServer("zen", 2, null),
        new EfficiencyReport.ZombieServer("context7", 1, Instant.parse("2026-10-31T23:59:59Z")));
    Smell zombie = r.smells().get(r.smells().size() - 1);
    assertThat(zombie.code()).isEqualTo("zombie_mcp_servers");
    assertThat(zombie.finding()).contains("atlas, zen, context7").contains("30 days");
  }
}
