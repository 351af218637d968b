package dev.tokenledger.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpendRequestParserTest {

  // 2026-11-30T23:30Z is already December in Berlin (UTC+1): the default month follows the org zone.
  private final SpendRequestParser parser = new SpendRequestParser(ZoneId.of("Europe/Berlin"),
      Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC));

  private SpendQuery parse(String... keyValues) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
    }
    return parser.parse(p);
  }

  @Test
  void defaultsToTheCurrentMonthInTheOrganisationZone() {
    SpendQuery q = parser.parse(Map.of());
    assertThat(q.from()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(q.to()).isEqualTo(LocalDate.of(2027, 1, 1));
    assertThat(q.granularity()).isEqualTo(Granularity.TOTAL);
    assertThat(q.groupBy()).isEmpty();
    assertThat(q.order()).isEqualTo(SortOrder.COST);
    assertThat(q.page()).isEqualTo(new PageRequest(0, PageRequest.DEFAULT_LIMIT));
    assertThat(q.withSessions()).isFalse();
    assertThat(q.withTimes()).isFalse();
  }

  @Test
  void parsesHourlyBucketsAndRequestTimes() {
    SpendQuery q = parse("granularity", "hour", "times", "true", "from", "2026-11-01", "to", "2026-11-08");
    assertThat(q.granularity()).isEqualTo(Granularity.HOUR);
    assertThat(q.withTimes()).isTrue();
    assertThat(q.needsEvents()).isTrue();
    assertThatThrownBy(() -> parse("times", "yes please")).hasMessageStartingWith("times:");
  }

  @Test
  void parsesGroupingGranularityMonthFiltersOrderSessionsAndLimit() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("group_by", "team, cost-center,model");
    p.put("granularity", "Week");
    p.put("month", "2026-02");
    p.put("project", "github.com/acme/api");
    p.put("order", "keys");
    p.put("sessions", "true");
    p.put("limit", "20");
    SpendQuery q = parser.parseSingle(p);
    assertThat(q.groupBy()).containsExactly(Dimension.TEAM, Dimension.COST_CENTRE, Dimension.MODEL);
    assertThat(q.granularity()).isEqualTo(Granularity.WEEK);
    assertThat(q.from()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(q.to()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(q.filters()).containsExactly(Map.entry(Dimension.PROJECT, Set.of("github.com/acme/api")));
    assertThat(q.order()).isEqualTo(SortOrder.KEYS);
    assertThat(q.withSessions()).isTrue();
    assertThat(q.page()).isEqualTo(new PageRequest(0, 20));
  }

  @Test
  void aRepeatedFilterAllowsEachValue() {
    SpendQuery q = parse("team", "platform", "team", "data", "team", "platform", "tool", "Bash");
    assertThat(q.filters()).containsEntry(Dimension.TEAM, Set.of("platform", "data")).containsEntry(Dimension.TOOL, Set.of("Bash"));
    assertThatThrownBy(() -> parse("month", "2026-01", "month", "2026-02")).hasMessageContaining("month: given 2 times");
    assertThatThrownBy(() -> parse("cost_centre", "a", "cost-center", "b")).hasMessageContaining("dimension given twice");
  }

  @Test
  void aCursorContinuesItsOwnQuestionOnly() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("group_by", List.of("team"));
    p.put("team", List.of("b", "a"));
    p.put("limit", List.of("50"));
    String cursor = Cursor.encode(p, 150);
    Map<String, List<String>> next = new LinkedHashMap<>(p);
    next.put("team", List.of("a", "b")); // value order does not change the question
    next.put("cursor", List.of(cursor));
    next.put("limit", List.of("25")); // the page size may change
    assertThat(parser.parse(next).page()).isEqualTo(new PageRequest(150, 25));

    Map<String, List<String>> other = new LinkedHashMap<>(next);
    other.put("group_by", List.of("model"));
    assertThatThrownBy(() -> parser.parse(other)).hasMessageStartingWith("cursor: it belongs to a question with other parameters");
    assertThatThrownBy(() -> parse("cursor", "not a cursor")).hasMessageStartingWith("cursor: not a cursor");
    assertThatThrownBy(() -> parse("cursor", Cursor.encode(Map.of(), 10_000_001))).hasMessageStartingWith("cursor: past the last page");
  }

  @Test
  void explainsEveryBadParameterByName() {
    assertThatThrownBy(() -> parse("group_by", "planet")).hasMessageContaining("unknown dimension 'planet'");
    assertThatThrownBy(() -> parse("granularity", "fortnight")).hasMessageContaining("unknown granularity");
    assertThatThrownBy(() -> parse("from", "yesterday")).hasMessageStartingWith("from: not a day");
    assertThatThrownBy(() -> parse("from", "-999999999-01-01")).hasMessageStartingWith("from: ");
    assertThatThrownBy(() -> parse("to", "+999999999-12-31")).hasMessageStartingWith("to: ");
    assertThatThrownBy(() -> parse("from", "1999-12-31")).hasMessageStartingWith("from: must lie within");
    assertThatThrownBy(() -> parse("month", "2026-13")).hasMessageStartingWith("month: not a month");
    assertThatThrownBy(() -> parse("month", "99999-01")).hasMessageStartingWith("month: ");
    assertThatThrownBy(() -> parse("month", "2100-01")).hasMessageStartingWith("month: must lie within");
    assertThatThrownBy(() -> parse("order", "random")).hasMessageStartingWith("order: unknown order");
    assertThatThrownBy(() -> parse("sessions", "maybe")).hasMessageStartingWith("sessions: not true or false");
    assertThatThrownBy(() -> parse("colour", "red")).hasMessageContaining("unknown parameter 'colour'");
    assertThatThrownBy(() -> parse("month", "2026-01", "from", "2026-01-05")).hasMessageContaining("either month or from/to");
    assertThatThrownBy(() -> parse("from", "2026-02-01", "to", "2026-01-01")).hasMessageContaining("must be before");
    assertThatThrownBy(() -> parse("team", "x".repeat(1025))).hasMessageStartingWith("team: a value is longer than 1024");
  }

  @Test
  void limitIsBounded() {
    assertThat(parse("limit", "1").page().limit()).isEqualTo(1);
    assertThat(parse("limit", "10000").page().limit()).isEqualTo(10_000);
    assertThatThrownBy(() -> parse("limit", "0")).hasMessageStartingWith("limit: must be 1..10000");
    assertThatThrownBy(() -> parse("limit", "10001")).hasMessageStartingWith("limit: must be 1..10000");
    assertThatThrownBy(() -> parse("limit", "many")).hasMessageStartingWith("limit: not a whole number");
    assertThatThrownBy(() -> parse("limit", "99999999999")).hasMessageStartingWith("limit: not a whole number");
  }
}
