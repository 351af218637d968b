package dev.tokenledger.api.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The question's own rules; its SQL is tested with the ClickHouse adapter ({@code SpendSqlTest}). */
class SpendQueryTest {

  @Test
  void rejectsEmptyRangesRepeatedDimensionsAndBadLimits() {
    LocalDate d = LocalDate.of(2026, 11, 1);
    ZoneId utc = ZoneId.of("UTC");
    assertThatThrownBy(() -> new SpendQuery(List.of(), Granularity.TOTAL, d, d, utc, Map.of(), 1))
        .hasMessageContaining("must be before");
    assertThatThrownBy(() -> new SpendQuery(List.of(Dimension.TEAM, Dimension.TEAM), Granularity.TOTAL, d, d.plusDays(1), utc, Map.of(), 1))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new SpendQuery(List.of(), Granularity.TOTAL, d, d.plusDays(1), utc, Map.of(), 0))
        .hasMessageContaining("limit");
  }
}
