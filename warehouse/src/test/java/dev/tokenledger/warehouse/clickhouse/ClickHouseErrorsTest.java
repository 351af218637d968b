package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {

  @Test
  void parseAndRangeErrorsAreBadData() {
    ClickHouseException e = ClickHouseErrors.classify(500,
        "Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected \\t before: x", "insert");
    assertThat(e).isInstanceOf(ClickHouseException.BadData.class);
    assertThat(e.code()).hasValue(27);
    assertThat(ClickHouseErrors.classify(400, "Code: 69. DB::Exception: out of bound", "insert"))
        .isInstanceOf(ClickHouseException.BadData.class);
  }

  @Test
  void overloadAndNetworkErrorsAreTransient() {
    assertThat(ClickHouseErrors.classify(500, "Code: 252, e.displayText() = DB::Exception: Too many parts", "insert"))
        .isInstanceOf(ClickHouseException.Unavailable.class);
    assertThat(ClickHouseErrors.classify(503, "", "insert")).isInstanceOf(ClickHouseException.Unavailable.class);
  }

  @Test
  void anythingElseIsAFailureThatRetryingCannotFix() {
    ClickHouseException e = ClickHouseErrors.classify(404, "Code: 60. DB::Exception: Table x.y doesn't exist", "select");
    assertThat(e).isInstanceOf(ClickHouseException.Failed.class);
    assertThat(e.getMessage()).contains("select").contains("HTTP 404").contains("doesn't exist");
    assertThat(ClickHouseErrors.classify(500, "no code here", "q")).isInstanceOf(ClickHouseException.Failed.class);
  }
}
