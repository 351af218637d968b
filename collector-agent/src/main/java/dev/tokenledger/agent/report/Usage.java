package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Tokens and cost of some requests, as the reports show them: input, output, cache creation (5-minute
 * and 1-hour writes together), cache reads, and the exact cost. Total tokens are the four classes
 * together (reasoning tokens are part of the output, so they are not added again).
 */
public record Usage(long requests, long input, long output, long cacheCreate, long cacheRead, BigDecimal cost) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, BigDecimal.ZERO);

  public Usage plus(Usage o) {
    return new Usage(requests + o.requests, input + o.input, output + o.output, cacheCreate + o.cacheCreate,
        cacheRead + o.cacheRead, cost.add(o.cost));
  }

  public long totalTokens() {
    return input + output + cacheCreate + cacheRead;
  }

  /** The usage of one row of a {@code /v1/spend} answer. */
  public static Usage of(JsonNode row) {
    return new Usage(row.path("requests").asLong(), row.path("input_tokens").asLong(), row.path("output_tokens").asLong(),
        row.path("cache_write_5m_tokens").asLong() + row.path("cache_write_1h_tokens").asLong(),
        row.path("cache_read_tokens").asLong(), new BigDecimal(row.path("cost_usd").asText("0")));
  }
}
