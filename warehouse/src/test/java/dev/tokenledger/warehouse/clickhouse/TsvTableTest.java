package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TsvTableTest {

  @Test
  void parsesNamesRowsEscapesAndNulls() {
    TsvTable t = TsvTable.parse(
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
  void everyEscapeClickHouseWritesIsUndone() {
    TsvTable t = TsvTable.parse("v\n" + "\\b\\f\\0\\'\\r Zoë\n");
    assertThat(t.rows().get(0)).containsExactly("\b\f\0'\r Zoë");
  }

  @Test
  void anEmptyAnswerHasNoRows() {
    assertThat(TsvTable.parse("").rows()).isEmpty();
    assertThat(TsvTable.parse("a\tb\n").rows()).isEmpty();
  }
}
