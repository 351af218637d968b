package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.agent.api.ApiClient;
import dev.tokenledger.agent.api.ApiUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every row of a {@code GET /v1/spend} question, page after page (the API's {@code next} cursor),
 * so a report's totals are over all matching rows and never over the rows of one page.
 */
public final class SpendPages {

  /** The API's largest page. */
  static final int PAGE = 10_000;

  private final ApiClient api;
  private final int pageSize;

  public SpendPages(ApiClient api) {
    this(api, PAGE);
  }

  /** Pages of {@code pageSize} rows (1..10000). */
  public SpendPages(ApiClient api, int pageSize) {
    if (pageSize < 1 || pageSize > PAGE) {
      throw new IllegalArgumentException("page size 1.." + PAGE + ": " + pageSize);
    }
    this.api = api;
    this.pageSize = pageSize;
  }

  /** All rows of the question {@code params} grouped by {@code groupBy} (added as {@code group_by}). */
  public List<UsageRow> all(List<String> groupBy, List<Map.Entry<String, String>> params) {
    List<Map.Entry<String, String>> base = new ArrayList<>(params);
    if (!groupBy.isEmpty()) {
      base.add(Map.entry("group_by", String.join(",", groupBy)));
    }
    base.add(Map.entry("limit", Integer.toString(pageSize)));
    base.add(Map.entry("order", "keys"));
    List<UsageRow> rows = new ArrayList<>();
    String cursor = null;
    do {
      List<Map.Entry<String, String>> page = new ArrayList<>(base);
      if (cursor != null) {
        page.add(Map.entry("cursor", cursor));
      }
      JsonNode answer = api.get("/v1/spend", page);
      if (!answer.path("rows").isArray()) {
        throw new ApiUnavailable("unexpected answer (no rows)", 200, null);
      }
      answer.get("rows").forEach(r -> rows.add(UsageRow.of(r, groupBy)));
      cursor = answer.path("truncated").asBoolean(false) ? answer.path("next").asText(null) : null;
    } while (cursor != null);
    return rows;
  }
}
