package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same verdict whether a value is read from a tree (intake, Codex, Gemini) or streamed (Claude Code). */
class JsonNumbersTest {

  static final ObjectMapper TREE = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

  static JsonNode node(String json) throws IOException {
    return TREE.readTree("{\"v\":" + json + "}").get("v");
  }

  static JsonNumbers.Count streamedCount(String json) throws IOException {
    try (JsonParser p = new JsonFactory().createParser("[" + json + "]")) {
      p.nextToken();
      JsonToken t = p.nextToken();
      JsonNumbers.Count c = JsonNumbers.count(p, t);
      assertThat(p.nextToken()).as("the whole value was consumed").isEqualTo(JsonToken.END_ARRAY);
      return c;
    }
  }

  static JsonNumbers.Decimal streamedDecimal(String json) throws IOException {
    try (JsonParser p = new JsonFactory().createParser("[" + json + "]")) {
      p.nextToken();
      return JsonNumbers.decimal(p, p.nextToken());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0                        | 0  |",
    "12                       | 12 |",
    "9223372036854775807      | 9223372036854775807 |",
    "null                     | 0  |",
    "-50                      | 0  | must not be negative, was -50",
    "'\"12\"'                 | 0  | must be a number, not a string",
    "1.5                      | 0  | must be a whole number, was 1.5",
    "10.0                     | 0  | must be a whole number, was 10.0",
    "1e3                      | 0  | must be a whole number",
    "9223372036854775808      | 0  | is too large, was 9223372036854775808",
    "true                     | 0  | must be a number, not a boolean",
    "'{\"a\":[1,2]}'          | 0  | must be a number, not an object",
    "'[1]'                    | 0  | must be a number, not an array",
  })
  void tokenCounts(String json, long value, String problem) throws IOException {
    for (JsonNumbers.Count c : new JsonNumbers.Count[] {JsonNumbers.count(node(json)), streamedCount(json)}) {
      assertThat(c.value()).isEqualTo(value);
      if (problem == null) {
        assertThat(c.ok()).isTrue();
      } else {
        assertThat(c.problem()).startsWith(problem);
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0.0123              | 0.0123 |",
    "'\"0.0123\"'        | 0.0123 |",
    "5                   | 5      |",
    "1e-5                | 0.00001 |",
    "-1                  | -1     |",
    "1e-999999999        |        | must be a plain decimal",
    "1e999999999         |        | must be a plain decimal",
    "'\"NaN\"'           |        | must be a decimal number such as 0.0123",
    "'\"1e-999999999\"'  |        | must be a decimal number such as 0.0123",
    "12345678901234567890123456789012345678901234567890 | | must be a plain decimal",
    "true                |        | must be a decimal number, not a boolean",
  })
  void decimals(String json, BigDecimal value, String problem) throws IOException {
    for (JsonNumbers.Decimal d : new JsonNumbers.Decimal[] {JsonNumbers.decimal(node(json)), streamedDecimal(json)}) {
      if (problem == null) {
        assertThat(d.ok()).isTrue();
        assertThat(d.value()).isEqualByComparingTo(value);
      } else {
        assertThat(d.value()).isNull();
        assertThat(d.problem()).startsWith(problem);
      }
    }
  }
}
