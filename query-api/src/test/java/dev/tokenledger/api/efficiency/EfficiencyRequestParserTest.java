package dev.tokenledger.api.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.query.Dimension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EfficiencyRequestParserTest {

  private final EfficiencyRequestParser parser = new EfficiencyRequestParser(ZoneId.of("UTC"),
      Clock.fixed(Instant.parse("2026-11-15T12:00:00Z"), ZoneId.of("UTC")), 400);

  @Test
  void readsTheRangeTheZoneAndFilters() {
    EfficiencyQuery q = parser.parse(Map.of("from", List.of("2026-11-01"), "to", List.of("2026-12-01"), "tz", List.of("Europe/Berlin"),
        "team", List.of("a", "b")));
    assertThat(q).isEqualTo(new EfficiencyQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZoneId.of("Europe/Berlin"),
        Map.of(Dimension.TEAM, Set.of("a", "b"))));
    assertThat(q.start()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(q.end()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(q.baselineStart(30)).isEqualTo(Instant.parse("2026-10-01T22:00:00Z"));
  }

  @Test
  void defaultsToTheCurrentMonth() {
    EfficiencyQuery q = parser.parse(Map.of());
    assertThat(q.from()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(q.to()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(q.filters()).isEmpty();
  }

  @Test
  void refusalsNameTheParameter() {
    assertThatThrownBy(() -> parser.parse(Map.of("group_by", List.of("team")))).hasMessageStartingWith("group_by: not a parameter");
    assertThatThrownBy(() -> parser.parse(Map.of("limit", List.of("5")))).hasMessageStartingWith("limit: not a parameter");
    assertThatThrownBy(() -> parser.parse(Map.of("tz", List.of("Mars/Base")))).hasMessageStartingWith("tz: not an IANA time zone");
    assertThatThrownBy(() -> parser.parse(Map.of("tz", List.of("UTC", "UTC")))).hasMessageStartingWith("tz: given 2 times");
    assertThatThrownBy(() -> parser.parse(Map.of("format", List.of("csv")))).hasMessageStartingWith("format: efficiency answers are JSON only");
    assertThatThrownBy(() -> parser.parse(Map.of("colour", List.of("x")))).hasMessageStartingWith("unknown parameter 'colour' (known: month, from, to, tz, format");
    assertThatThrownBy(() -> parser.parse(Map.of("from", List.of("2026-13-01")))).hasMessageStartingWith("from:");
    assertThatThrownBy(() -> parser.parse(Map.of("from", List.of("2025-01-01"), "to", List.of("2026-12-01")))).hasMessageContaining("at most 400");
  }
}
