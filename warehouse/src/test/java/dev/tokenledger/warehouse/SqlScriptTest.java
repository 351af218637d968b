package dev.tokenledger.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnASemicolonAtTheEndOfALineAndDropsCommentLines() {
    String text = """
        -- a comment; with a semicolon;
        CREATE TABLE a (x String DEFAULT ';')
        ENGINE = Log;
          -- indented comment
        SELECT 1;\t
        SELECT 'x;y'
        """;
    assertThat(SqlScript.statements(text)).containsExactly(
        "CREATE TABLE a (x String DEFAULT ';')\nENGINE = Log", "SELECT 1", "SELECT 'x;y'");
  }

  @Test
  void anEmptyScriptHasNoStatements() {
    assertThat(SqlScript.statements("-- only a comment\n\n")).isEmpty();
  }
}
