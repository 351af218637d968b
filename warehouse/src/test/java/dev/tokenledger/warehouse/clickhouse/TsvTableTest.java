package dev.tokenledger.api.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TsvTableTest {

  @Test
  void parsesNamesRowsEscapesAndNulls() {
    ClickHouseReader.TsvTable t = ClickHouseReader.TsvTable.parse(
        "team\tcost_usd\tnote\n"
            + "platform\t12.345678901\ta\\tb\\\\c\\nd\n"
            + "\\N\t0.000000000\t\n");
    assertThat(t.names()).containsExactly("team", "cost_usd", "note");
    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(0)).containsExactly("platform", "12.345678901", "a\tb\\c\nd");
    assertThat(t.rows().get(1)).isEqualTo(Arrays.asList(null, "0.000000000", ""));
    assertThat(t.column("note")).isEqualTo(2);
    assertThatThrownBy(() -> t.column("nope")).hasMessageContaining("no column 'nope'");
  }

  @Test
  void anEmptyAnswerHasNoRows() {
    assertThat(ClickHouseReader.TsvTable.parse("").rows()).isEmpty();
    assertThat(ClickHouseReader.TsvTable.parse("a\tb\n").rows()).isEmpty();
  }
}
