package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLiteralTest {

  @Test
  void everyCharacterClickHouseReadsAsAnEscapeIsEscaped() {
    assertThat(SqlLiteral.quote("")).isEqualTo("''");
    assertThat(SqlLiteral.quote("'")).isEqualTo("'\\''");
    assertThat(SqlLiteral.quote("\\")).isEqualTo("'\\\\'");
    assertThat(SqlLiteral.quote("\n")).isEqualTo("'\\n'");
    assertThat(SqlLiteral.quote("\r")).isEqualTo("'\\r'");
    assertThat(SqlLiteral.quote("\t")).isEqualTo("'\\t'");
    assertThat(SqlLiteral.quote("\0")).isEqualTo("'\\0'");
    assertThat(SqlLiteral.quote("\b")).isEqualTo("'\\b'");
    assertThat(SqlLiteral.quote("\f")).isEqualTo("'\\f'");
  }

  @Test
  void aValueCannotEndTheLiteral() {
    assertThat(SqlLiteral.quote("x' OR 1=1 --\\")).isEqualTo("'x\\' OR 1=1 --\\\\'");
    assertThat(SqlLiteral.quote("\\'")).isEqualTo("'\\\\\\''");
  }

  @Test
  void otherCharactersIncludingNonAsciiStayAsTheyAre() {
    assertThat(SqlLiteral.quote("Zoë/团队 🚀 \"q\" `b` ${x} -- ;")).isEqualTo("'Zoë/团队 🚀 \"q\" `b` ${x} -- ;'");
  }

  @Test
  void aDateIsAToDateOfItsIsoForm() {
    assertThat(SqlLiteral.date(java.time.LocalDate.of(2026, 11, 1))).isEqualTo("toDate('2026-11-01')");
  }
}
