package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Tokens and cost of some requests, as the reports show them: input, output, cache creation (5-minute
 * and 1-hour writes together), cache reads, the exact cost, and the part of the cost whose counts are not
 * provider-final (an estimate, a lower bound: every accuracy label but EXACT). Total tokens are the four
 * classes together (reasoning tokens are part of the output, so they are not added again).
 */
public record Usage(long requests, long input, long output, long cacheCreate, long cacheRead, BigDecimal cost,
    BigDecimal notFinalCost) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);
  /** Digits of a share, as the API writes them. */
  static final int SHARE_SCALE = 6;

  /** Usage whose counts are all provider-final. */
  public Usage(long requests, long input, long output, long cacheCreate, long cacheRead, BigDecimal cost) {
    this(requests, input, output, cacheCreate, cacheRead, cost, BigDecimal.ZERO);
  }

  public Usage plus(Usage o) {
    return new Usage(requests + o.requests, input + o.input, output + o.output, cacheCreate + o.cacheCreate,
        cacheRead + o.cacheRead, cost.add(o.cost), notFinalCost.add(o.notFinalCost));
  }

  public long totalTokens() {
    return input + output + cacheCreate + cacheRead;
  }

  /** The not provider-final cost over the cost (6 decimals, half-even, as the API), or null when the cost is 0. */
  public BigDecimal notFinalShare() {
    return cost.signum() == 0 ? null : notFinalCost.divide(cost, SHARE_SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * The usage of one row of a {@code /v1/spend} answer. An API older than the not-final figures sends no
   * {@code not_final_cost_usd}: that reads as 0.
   */
  public static Usage of(JsonNode row) {
    return new Usage(row.path("requests").asLong(), row.path("input_tokens").asLong(), row.path("output_tokens").asLong(),
        row.path("cache_write_5m_tokens").asLong() + row.path("cache_write_1h_tokens").asLong(),
        row.path("cache_read_tokens").asLong(), new BigDecimal(row.path("cost_usd").asText("0")),
        new BigDecimal(row.path("not_final_cost_usd").asText("0")));
  }
}
