package dev.tokenledger.reconciliation.anthropic;

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
 * Pages of Anthropic's Admin API reports, as its API reference documents them:
 * <ul>
 *   <li>{@code GET /v1/organizations/usage_report/messages}: {@code data[]} buckets
 *       ({@code starting_at}, {@code ending_at}, {@code results[]}) whose results carry
 *       {@code uncached_input_tokens}, {@code cache_creation.ephemeral_5m_input_tokens} /
 *       {@code ephemeral_1h_input_tokens}, {@code cache_read_input_tokens}, {@code output_tokens} and, when
 *       grouped by it, {@code model};</li>
 *   <li>{@code GET /v1/organizations/cost_report}: results with {@code amount}, a decimal string in cents
 *       of {@code currency} (always USD), and {@code model} when grouped by {@code description} (null for
 *       costs that are not tokens: shown under model {@code ""});</li>
 *   <li>{@code GET /v1/organizations/usage_report/claude_code}: {@code data[]} records of one
 *       {@code date}, an {@code actor} ({@code email_address} of a user, or {@code api_key_name}) and
 *       {@code model_breakdown[]} with {@code tokens} (input, output, cache_read, cache_creation) and
 *       {@code estimated_cost} (amount in cents).</li>
 * </ul>
 * Every page ends with {@code has_more} and {@code next_page}.
 */
public final class AnthropicPages {

  private AnthropicPages() {}

  public static PageParser parser(ReportKind report) {
    return switch (report) {
      case USAGE -> AnthropicPages::usage;
      case COST -> AnthropicPages::cost;
      case CLAUDE_CODE -> AnthropicPages::claudeCode;
    };
  }

  public static Page usage(String body) throws ProviderReportException {
    Json j = Json.about("anthropic usage_report/messages");
    JsonNode root = Json.read(body, "anthropic usage_report/messages");
    List<ProviderRow> rows = new ArrayList<>();
    for (JsonNode bucket : j.array(root, "data", null)) {
      LocalDate day = j.day(bucket, "starting_at");
      for (JsonNode r : j.array(bucket, "results", null)) {
        JsonNode cc = r.get("cache_creation");
        long cacheWrite = Math.addExact(j.count(cc, "ephemeral_5m_input_tokens"), j.count(cc, "ephemeral_1h_input_tokens"));
        TokenCounts t = new TokenCounts(j.count(r, "uncached_input_tokens"), j.count(r, "output_tokens"), cacheWrite,
            j.count(r, "cache_read_input_tokens"));
        rows.add(new ProviderRow(Provider.ANTHROPIC, ReportKind.USAGE, day, Json.text(r, "model"), "", t, BigDecimal.ZERO));
      }
    }
    return new Page(rows, j.nextPage(root));
  }

  public static Page cost(String body) throws ProviderReportException {
    Json j = Json.about("anthropic cost_report");
    JsonNode root = Json.read(body, "anthropic cost_report");
    List<ProviderRow> rows = new ArrayList<>();
    for (JsonNode bucket : j.array(root, "data", null)) {
      LocalDate day = j.day(bucket, "starting_at");
      for (JsonNode r : j.array(bucket, "results", null)) {
        requireUsd(Json.text(r, "currency"), "anthropic cost_report");
        BigDecimal usd = j.decimal(r, "amount").movePointLeft(2);
        rows.add(new ProviderRow(Provider.ANTHROPIC, ReportKind.COST, day, Json.text(r, "model"), "", TokenCounts.ZERO, usd));
      }
    }
    return new Page(rows, j.nextPage(root));
  }

  public static Page claudeCode(String body) throws ProviderReportException {
    Json j = Json.about("anthropic usage_report/claude_code");
    JsonNode root = Json.read(body, "anthropic usage_report/claude_code");
    List<ProviderRow> rows = new ArrayList<>();
    for (JsonNode rec : j.array(root, "data", null)) {
      LocalDate day = j.day(rec, "date");
      JsonNode actor = rec.get("actor");
      String subject = Json.text(actor, "email_address");
      if (subject.isEmpty()) {
        subject = Json.text(actor, "api_key_name");
      }
      JsonNode breakdown = rec.get("model_breakdown");
      if (breakdown == null || breakdown.isNull()) {
        continue;
      }
      for (JsonNode m : j.array(rec, "model_breakdown", null)) {
        JsonNode t = m.get("tokens");
        TokenCounts tokens = new TokenCounts(j.count(t, "input"), j.count(t, "output"), j.count(t, "cache_creation"),
            j.count(t, "cache_read"));
        JsonNode cost = m.get("estimated_cost");
        BigDecimal usd = BigDecimal.ZERO;
        if (cost != null && !cost.isNull()) {
          requireUsd(Json.text(cost, "currency"), "anthropic usage_report/claude_code");
          usd = j.decimal(cost, "amount").movePointLeft(2);
        }
        rows.add(new ProviderRow(Provider.ANTHROPIC, ReportKind.CLAUDE_CODE, day, Json.text(m, "model"), subject, tokens, usd));
      }
    }
    return new Page(rows, j.nextPage(root));
  }

  private static void requireUsd(String currency, String what) throws ProviderReportException {
    if (!currency.isEmpty() && !currency.equalsIgnoreCase("USD")) {
      throw new ProviderReportException(what + ": currency " + currency + " (only USD is reconciled)");
    }
  }
}
