package dev.tokenledger.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendRequestParserTest {

  // 2026-11-30T23:30Z is already December in Berlin (UTC+1): the default month follows the org zone.
  private final SpendRequestParser parser = new SpendRequestParser(ZoneId.of("Europe/Berlin"),
      Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC));

  @Test
  void defaultsToTheCurrentMonthInTheOrganisationZone() {
    SpendQuery q = parser.parse(Map.of());
    assertThat(q.from()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(q.to()).isEqualTo(LocalDate.of(2027, 1, 1));
    assertThat(q.granularity()).isEqualTo(Granularity.TOTAL);
    assertThat(q.groupBy()).isEmpty();
    assertThat(q.limit()).isEqualTo(1000);
  }

  @Test
  void parsesGroupingGranularityMonthFiltersAndLimit() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("group_by", "team, cost-center,model");
    p.put("granularity", "Week");
    p.put("month", "2026-02");
    p.put("project", "github.com/acme/api");
    p.put("limit", "20");
    SpendQuery q = parser.parse(p);
    assertThat(q.groupBy()).containsExactly(Dimension.TEAM, Dimension.COST_CENTRE, Dimension.MODEL);
    assertThat(q.granularity()).isEqualTo(Granularity.WEEK);
    assertThat(q.from()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(q.to()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(q.filters()).containsExactly(Map.entry(Dimension.PROJECT, "github.com/acme/api"));
    assertThat(q.limit()).isEqualTo(20);
  }

  @Test
  void explainsEveryBadParameter() {
    assertThatThrownBy(() -> parser.parse(Map.of("group_by", "planet"))).hasMessageContaining("unknown dimension 'planet'");
    assertThatThrownBy(() -> parser.parse(Map.of("granularity", "fortnight"))).hasMessageContaining("unknown granularity");
    assertThatThrownBy(() -> parser.parse(Map.of("from", "yesterday"))).hasMessageContaining("from: not a day");
    assertThatThrownBy(() -> parser.parse(Map.of("month", "2026-13"))).hasMessageContaining("month: not a month");
    assertThatThrownBy(() -> parser.parse(Map.of("limit", "many"))).hasMessageContaining("limit: not a number");
    assertThatThrownBy(() -> parser.parse(Map.of("colour", "red"))).hasMessageContaining("unknown parameter 'colour'");
    assertThatThrownBy(() -> parser.parse(Map.of("month", "2026-01", "from", "2026-01-05")))
        .hasMessageContaining("either month or from/to");
    assertThatThrownBy(() -> parser.parse(Map.of("from", "2026-02-01", "to", "2026-01-01"))).hasMessageContaining("must be before");
  }
}
