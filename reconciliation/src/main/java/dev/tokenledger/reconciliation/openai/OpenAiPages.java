package dev.tokenledger.reconciliation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.reconciliation.page.Json;
import dev.tokenledger.reconciliation.page.Page;
import dev.tokenledger.reconciliation.page.PageParser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of OpenAI's organization reports, as its API reference documents them: a {@code page} object
 * with {@code data[]} buckets ({@code start_time}, {@code end_time} in Unix seconds, {@code results[]}),
 * {@code has_more} and {@code next_page}.
 * <ul>
 *   <li>{@code GET /v1/organization/usage/completions}: results with {@code input_tokens} (cached
 *       included), {@code input_cached_tokens}, {@code output_tokens} and, grouped by it, {@code model}. In
 *       the ledger's kinds: input = input_tokens − input_cached_tokens, cache read = input_cached_tokens
 *       (the ledger's Codex events split them the same way); audio tokens are not reconciled.</li>
 *   <li>{@code GET /v1/organization/costs}: results with {@code amount.value} (a number in
 *       {@code amount.currency}, "usd") and, grouped by it, {@code line_item}, whose text before ", " is
 *       taken as the model (e.g. "gpt-4o-2024-08-06, input"); costs have no model otherwise.</li>
 * </ul>
 */
public final class OpenAiPages {

  private OpenAiPages() {}

  public static PageParser parser(ReportKind report) {
    return switch (report) {
      case USAGE -> OpenAiPages::completions;
      case COST -> OpenAiPages::costs;
      case CLAUDE_CODE -> throw new IllegalArgumentException("openai has no claude_code report");
    };
  }

  public static Page completions(String body) throws ProviderReportException {
    Json j = Json.about("openai usage/completions");
    JsonNode root = Json.read(body, "openai usage/completions");
    List<ProviderRow> rows = new ArrayList<>();
    for (JsonNode bucket : j.array(root, "data", null)) {
      LocalDate day = j.unixDay(bucket, "start_time");
      for (JsonNode r : j.array(bucket, "results", "result")) {
        long input = j.count(r, "input_tokens");
        long cached = j.count(r, "input_cached_tokens");
        if (cached > input) {
          throw new ProviderReportException("openai usage/completions: input_cached_tokens " + cached
              + " exceeds input_tokens " + input + " on " + day);
        }
        TokenCounts t = new TokenCounts(input - cached, j.count(r, "output_tokens"), 0, cached);
        rows.add(new ProviderRow(Provider.OPENAI, ReportKind.USAGE, day, Json.text(r, "model"), "", t, BigDecimal.ZERO));
      }
    }
    return new Page(rows, j.nextPage(root));
  }

  public static Page costs(String body) throws ProviderReportException {
    Json j = Json.about("openai costs");
    JsonNode root = Json.read(body, "openai costs");
    List<ProviderRow> rows = new ArrayList<>();
    for (JsonNode bucket : j.array(root, "data", null)) {
      LocalDate day = j.unixDay(bucket, "start_time");
      for (JsonNode r : j.array(bucket, "results", "result")) {
        JsonNode amount = r.get("amount");
        if (amount == null || amount.isNull()) {
          continue;
        }
        String currency = Json.text(amount, "currency");
        if (!currency.isEmpty() && !currency.equalsIgnoreCase("usd")) {
          throw new ProviderReportException("openai costs: currency " + currency + " (only USD is reconciled)");
        }
        rows.add(new ProviderRow(Provider.OPENAI, ReportKind.COST, day, lineItemModel(Json.text(r, "line_item")), "",
            TokenCounts.ZERO, j.decimal(amount, "value")));
      }
    }
    return new Page(rows, j.nextPage(root));
  }

  /** The model of a line item: the text before the first ", " ("gpt-4o-2024-08-06, input" → "gpt-4o-2024-08-06"). */
  static String lineItemModel(String lineItem) {
    int comma = lineItem.indexOf(", ");
    return (comma < 0 ? lineItem : lineItem.substring(0, comma)).trim();
  }
}
