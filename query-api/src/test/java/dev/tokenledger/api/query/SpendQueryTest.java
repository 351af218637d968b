package dev.tokenledger.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The question's own rules; its SQL is tested with the ClickHouse adapter ({@code SpendSqlTest}). */
class SpendQueryTest {

  private static final LocalDate D = LocalDate.of(2026, 11, 1);
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static SpendQuery query(List<Dimension> groupBy, LocalDate from, LocalDate to, Map<Dimension, Set<String>> filters) {
    return new SpendQuery(groupBy, Granularity.TOTAL, from, to, UTC, filters, SortOrder.COST, PageRequest.first(10), false);
  }

  @Test
  void rejectsEmptyRangesRepeatedDimensionsEmptyFiltersAndFarDays() {
    assertThatThrownBy(() -> query(List.of(), D, D, Map.of())).hasMessageContaining("must be before");
    assertThatThrownBy(() -> query(List.of(Dimension.TEAM, Dimension.TEAM), D, D.plusDays(1), Map.of())).hasMessageContaining("twice");
    assertThatThrownBy(() -> query(List.of(), D, D.plusDays(1), Map.of(Dimension.TEAM, Set.of())))
        .hasMessageContaining("filter team allows no value");
    assertThatThrownBy(() -> query(List.of(), LocalDate.of(1999, 12, 31), D, Map.of())).hasMessageContaining("must lie within");
    assertThatThrownBy(() -> query(List.of(), D, LocalDate.of(2100, 1, 2), Map.of())).hasMessageContaining("must lie within");
  }

  @Test
  void pagesAreBoundedAndFollowEachOther() {
    assertThatThrownBy(() -> new PageRequest(0, 0)).hasMessageContaining("limit must be 1..10000");
    assertThatThrownBy(() -> new PageRequest(0, PageRequest.MAX_LIMIT + 1)).hasMessageContaining("limit must be 1..10000");
    assertThatThrownBy(() -> new PageRequest(-1, 10)).hasMessageContaining("offset");
    assertThat(new PageRequest(20, 10).next()).isEqualTo(new PageRequest(30, 10));
    Page<Integer> page = Page.of(List.of(1, 2, 3), new PageRequest(0, 2));
    assertThat(page.rows()).containsExactly(1, 2);
    assertThat(page.truncated()).isTrue();
    assertThat(Page.of(List.of(1, 2), new PageRequest(0, 2)).truncated()).isFalse();
  }

  @Test
  void filtersAndRestrictionsAddUp() {
    SpendQuery q = query(List.of(Dimension.TEAM), D, D.plusDays(1), Map.of(Dimension.TEAM, Set.of("b", "a")))
        .withFilter(Dimension.ORG, Set.of("acme"));
    assertThat(q.filters()).containsEntry(Dimension.TEAM, Set.of("a", "b")).containsEntry(Dimension.ORG, Set.of("acme"));
    assertThat(q.withPage(new PageRequest(5, 5)).page()).isEqualTo(new PageRequest(5, 5));
  }

  @Test
  void dimensionsKnowWhatTheRollupsHold() {
    assertThat(Dimension.TEAM.rollupName()).isEqualTo("team");
    assertThat(Dimension.USER.rollupName()).isEqualTo("user");
    assertThat(Dimension.BRANCH.inRollups()).isFalse();
    assertThat(Dimension.TOOL.multiValued()).isTrue();
    assertThat(Dimension.MCP_SERVER.multiValued()).isTrue();
    assertThat(Dimension.MODEL.multiValued()).isFalse();
  }
}
