package dev.tokenledger.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Budget validation: every field's error names the field; defaults; ORG's value is the organisation. */
class BudgetDraftTest {

  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

  private static BudgetDraft draft(String id, String scope, String value, String period, String limit, List<Integer> thresholds,
      String zone, List<String> notify) {
    return new BudgetDraft(id, scope, value, period, limit, thresholds, zone, true, notify);
  }

  private static BudgetDraft valid() {
    return draft("platform-monthly", "team", "platform", "month", "500", null, null, null);
  }

  private static List<String> errors(BudgetDraft d) {
    try {
      d.validate("acme", NOW);
    } catch (InvalidBudgetException e) {
      return e.errors();
    }
    throw new AssertionError("valid: " + d);
  }

  @Test
  void aValidBudgetGetsTheDefaults() {
    BudgetDefinition b = valid().validate("acme", NOW);
    assertThat(b.orgId()).isEqualTo("acme");
    assertThat(b.scope()).isEqualTo(BudgetScope.TEAM);
    assertThat(b.period()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(b.limitUsd()).isEqualTo(new BigDecimal("500.000000000"));
    assertThat(b.thresholds()).containsExactly(50, 80, 100);
    assertThat(b.timeZone()).isEmpty();
    assertThat(b.channels()).isEmpty();
    assertThat(b.updated()).isEqualTo(NOW);
  }

  @Test
  void theIdIsAShortName() {
    assertThat(errors(draft("a|b", "team", "x", "day", "1", null, null, null))).singleElement().asString().startsWith("id: ");
    assertThat(errors(draft("", "team", "x", "day", "1", null, null, null))).singleElement().asString().startsWith("id: ");
    assertThat(errors(draft("x".repeat(65), "team", "x", "day", "1", null, null, null))).singleElement().asString().startsWith("id: ");
    assertThat(draft("A.b_c-9", "team", "x", "day", "1", null, null, null).validate("acme", NOW).id()).isEqualTo("A.b_c-9");
  }

  @Test
  void scopeAndValue() {
    assertThat(errors(draft("b", "model", "x", "day", "1", null, null, null))).singleElement().asString()
        .startsWith("scope: one of org, team, project, user, cost_centre");
    assertThat(errors(draft("b", "team", " ", "day", "1", null, null, null))).singleElement().asString().startsWith("value: required");
    assertThat(errors(draft("b", "org", "globex", "day", "1", null, null, null))).singleElement().asString()
        .startsWith("value: an org budget's value is the organisation id 'acme'");
    assertThat(draft("b", "org", null, "day", "1", null, null, null).validate("acme", NOW).value()).isEqualTo("acme");
    assertThat(draft("b", "cost-center", "cc-1", "day", "1", null, null, null).validate("acme", NOW).scope())
        .isEqualTo(BudgetScope.COST_CENTRE);
  }

  @Test
  void period() {
    assertThat(errors(draft("b", "team", "x", "hour", "1", null, null, null))).singleElement().asString()
        .startsWith("period: one of day, week, month");
  }

  @Test
  void theLimitIsPositiveFitsTheContractAndHasAtMostNineDecimals() {
    assertThat(errors(draft("b", "team", "x", "day", null, null, null, null))).singleElement().asString().startsWith("limit_usd: required");
    assertThat(errors(draft("b", "team", "x", "day", "lots", null, null, null))).singleElement().asString().startsWith("limit_usd: required");
    assertThat(errors(draft("b", "team", "x", "day", "0", null, null, null))).singleElement().asString().startsWith("limit_usd: must be more than 0");
    assertThat(errors(draft("b", "team", "x", "day", "-5", null, null, null))).singleElement().asString().startsWith("limit_usd: must be more than 0");
    assertThat(errors(draft("b", "team", "x", "day", "0.0000000001", null, null, null))).singleElement().asString()
        .startsWith("limit_usd: at most 9 decimal places");
    assertThat(errors(draft("b", "team", "x", "day", "1000000000", null, null, null))).singleElement().asString()
        .startsWith("limit_usd: at most 999999999.999999999");
    assertThat(draft("b", "team", "x", "day", "999999999.999999999", null, null, null).validate("acme", NOW).limitUsd())
        .isEqualTo(new BigDecimal("999999999.999999999"));
    assertThat(draft("b", "team", "x", "day", "0.000000001", null, null, null).validate("acme", NOW).limitUsd())
        .isEqualTo(new BigDecimal("0.000000001"));
    assertThat(draft("b", "team", "x", "day", "12.50000000000", null, null, null).validate("acme", NOW).limitUsd())
        .isEqualTo(new BigDecimal("12.500000000"));
  }

  @Test
  void thresholdsArePercentagesEachOnceSorted() {
    assertThat(errors(draft("b", "team", "x", "day", "1", List.of(0, 80), null, null))).singleElement().asString().startsWith("thresholds: percentages 1..1000");
    assertThat(errors(draft("b", "team", "x", "day", "1", List.of(1001), null, null))).singleElement().asString().startsWith("thresholds: percentages 1..1000");
    assertThat(errors(draft("b", "team", "x", "day", "1", List.of(80, 80), null, null))).singleElement().asString().startsWith("thresholds: each at most once");
    assertThat(draft("b", "team", "x", "day", "1", List.of(120, 75), null, null).validate("acme", NOW).thresholds()).containsExactly(75, 120);
    assertThat(draft("b", "team", "x", "day", "1", List.of(), null, null).validate("acme", NOW).thresholds()).containsExactly(50, 80, 100);
  }

  @Test
  void theTimeZoneIsAnIanaZoneOrAbsent() {
    assertThat(errors(draft("b", "team", "x", "day", "1", null, "Mars/Olympus", null))).singleElement().asString().startsWith("time_zone: an IANA zone");
    assertThat(errors(draft("b", "team", "x", "day", "1", null, "+01:00", null))).singleElement().asString().startsWith("time_zone: an IANA zone");
    assertThat(draft("b", "team", "x", "day", "1", null, "Europe/Berlin", null).validate("acme", NOW).timeZone()).contains("Europe/Berlin");
    assertThat(draft("b", "team", "x", "day", "1", null, " ", null).validate("acme", NOW).timeZone()).isEqualTo(Optional.empty());
  }

  @Test
  void notifyNamesAtMostTwenty() {
    assertThat(errors(draft("b", "team", "x", "day", "1", null, null, List.of("https://hooks.example.com/x")))).singleElement().asString()
        .startsWith("notify: channel names");
    List<String> many = new ArrayList<>(Collections.nCopies(21, "c"));
    assertThat(errors(draft("b", "team", "x", "day", "1", null, null, many))).singleElement().asString().startsWith("notify: at most 20");
    assertThat(draft("b", "team", "x", "day", "1", null, null, List.of("slack-platform", "pager.ops")).validate("acme", NOW).channels())
        .containsExactly("slack-platform", "pager.ops");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> draft("", "x", "", "x", "0", List.of(0), "x", List.of("")).validate("acme", NOW))
        .isInstanceOfSatisfying(InvalidBudgetException.class, e -> assertThat(e.errors()).extracting(m -> m.substring(0, m.indexOf(':')))
            .containsExactly("id", "scope", "period", "limit_usd", "thresholds", "time_zone", "notify"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
