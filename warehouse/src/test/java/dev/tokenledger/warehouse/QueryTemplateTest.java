package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTemplateTest {

  private static final String TEXT = """
      -- Cost of one team.
      -- param: team String = platform
      -- param: month Date = 2026-11-01
      -- param: min Decimal = 1.5
      -- param: top UInt = 10
      -- param: from DateTime = 2026-11-01 00:00:00
      SELECT * FROM t WHERE team = ${team} AND month = ${month} AND cost > ${min} AND ts >= ${from} LIMIT ${top};
      """;

  @Test
  void rendersValidatedEscapedLiterals() {
    QueryTemplate q = QueryTemplate.of("team.sql", TEXT);
    assertThat(q.title()).isEqualTo("Cost of one team.");
    assertThat(q.render(Map.of("team", "o'brien\\", "month", "2026-12-01", "min", "2", "top", "3", "from", "2026-12-01T10:00:00")))
        .isEqualTo("SELECT * FROM t WHERE team = 'o\\'brien\\\\' AND month = toDate('2026-12-01') AND cost > toDecimal64('2', 9)"
            + " AND ts >= toDateTime('2026-12-01 10:00:00', 'UTC') LIMIT 3");
    assertThat(q.renderSamples()).contains("team = 'platform'").contains("LIMIT 10");
  }

  @Test
  void rejectsInvalidOrMissingValuesAndUndeclaredParameters() {
    QueryTemplate q = QueryTemplate.of("team.sql", TEXT);
    assertThatThrownBy(() -> q.render(Map.of("team", "x", "month", "November", "min", "1", "top", "1", "from", "2026-11-01 00:00:00")))
        .hasMessageContaining("month").hasMessageContaining("November");
    assertThatThrownBy(() -> q.render(Map.of("team", "x", "month", "2026-11-01", "min", "1", "top", "1; DROP", "from", "2026-11-01 00:00:00")))
        .hasMessageContaining("top");
    assertThatThrownBy(() -> q.render(Map.of("team", "x"))).hasMessageContaining("no value");
    assertThatThrownBy(() -> QueryTemplate.of("x.sql", "SELECT ${nope};")).hasMessageContaining("${nope}");
  }

  @Test
  void everyShippedQueryRendersItsSamplesAndIsInTheCookbook() throws Exception {
    List<QueryTemplate> shipped = QueryTemplate.shipped();
    assertThat(shipped).hasSizeGreaterThanOrEqualTo(15);
    String cookbook = Files.readString(StackEnv.repoRoot().resolve("docs/sql-cookbook.md"));
    for (QueryTemplate q : shipped) {
      assertThat(q.renderSamples()).doesNotContain("${");
      assertThat(cookbook).as("docs/sql-cookbook.md shows %s verbatim", q.name()).contains(q.sql());
    }
  }
}
