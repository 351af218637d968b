package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.schemas.testing.StackEnv;
import org.junit.jupiter.api.Test;

/** The escaper against the real server: every escaped character, and non-ASCII text, reads back unchanged. */
class SqlLiteralIT {

  @Test
  void theServerReadsEveryLiteralBackAsTheValue() {
    ClickHouseHttpClient client = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system"));
    String value = "a'b\\c\nd\re\tf\0g\bh\fi Zoë 团队 🚀 \\' --";
    String back = client.query("SELECT " + SqlLiteral.quote(value) + " AS v, length(v) AS n FORMAT TabSeparated").strip();
    String[] fields = back.split("\t", -1);
    assertThat(TsvField.unescape(fields[0])).isEqualTo(value);
    assertThat(Integer.parseInt(fields[1])).isEqualTo(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
