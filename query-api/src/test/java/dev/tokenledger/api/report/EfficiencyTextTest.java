package dev.tokenledger.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.efficiency.EfficiencyCalculator;
import dev.tokenledger.api.efficiency.EfficiencyFacts;
import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EfficiencyTextTest {

  private final EfficiencyQuery november = new EfficiencyQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZoneId.of("UTC"), Map.of());

  @Test
  void printsTheFiguresRoundedForReadingAndEverySmellWithItsAdvice() {
    List<EfficiencyFacts.SessionCost> sessions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sessions.add(new EfficiencyFacts.SessionCost("alice", "s" + i, Instant.parse("2026-11-02T10:00:00Z"), new BigDecimal(i == 4 ? "9" : "1")));
    }
    EfficiencyFacts facts = new EfficiencyFacts(
        new EfficiencyFacts.Totals(100, 5, 40, 1000, 500, 200_000, 0, 300, new BigDecimal("10.000000000"), new BigDecimal("0.504")),
        List.of(new EfficiencyFacts.Share("", 80, new BigDecimal("8")), new EfficiencyFacts.Share("reviewer", 20, new BigDecimal("2"))),
        List.of(), sessions, List.of(), Optional.empty());
    String text = EfficiencyText.render(new EfficiencyCalculator(EfficiencySettings.DEFAULTS).report(november, facts));
    assertThat(text).contains(
        "cache hit ratio    0.2 % (target 70.0 %, below), saved 0.50 USD\n",
        "activity           5 sessions, 100 calls, 40 active minutes, 10.00 USD\n",
        "cost per           session 2.00 USD, active minute 0.25 USD, tokens per call 2018.00\n",
        "commits            not collected yet\n",
        "share by agent     (none) 80.0 %, reviewer 20.0 %\n",
        "share by step      -\n",
        "  s4 (alice): 9.00 USD, 9.0 x the median 1.00 USD\n",
        "  [warning] cache_hit_below_target: cache hit ratio 0.0015 is below the target 0.70",
        "  [warning] cache_writes_without_reads: ",
        "  [info] session_cost_outliers: ");
    assertThat(text.lines().filter(l -> l.startsWith("    -> "))).hasSize(3);
  }
}
