package dev.tokenledger.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The {@code --json} documents of the reports: stable field names in snake case, token counts as
 * integers, money as exact decimal strings in USD (as the API sends it), instants in UTC ISO-8601.
 * Every document carries {@code "report"}, what it covers, its rows and {@code "totals"} over every
 * matching row.
 */
public final class ReportJson {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String of(Report report, boolean breakdown) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("report", report.name());
    report.meta().forEach(doc::put);
    ArrayNode rows = doc.putArray("rows");
    String label = switch (report.name()) {
      case "session" -> "session";
      case "weekly" -> "week";
      case "monthly" -> "month";
      default -> "date";
    };
    for (ReportRow r : report.rows()) {
      ObjectNode o = rows.addObject();
      o.put(label, r.label());
      r.extra().forEach(o::put);
      ArrayNode models = o.putArray("models");
      r.modelNames().forEach(models::add);
      usage(o, r.usage());
      if (breakdown) {
        ArrayNode b = o.putArray("breakdown");
        for (ModelUsage m : r.models()) {
          ObjectNode mo = b.addObject();
          mo.put("model", m.model());
          usage(mo, m.usage());
        }
      }
    }
    usage(doc.putObject("totals"), report.total());
    return write(doc);
  }

  public static String blocks(List<BillingBlock> blocks, Instant now, String zone) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("report", "blocks");
    doc.put("time_zone", zone);
    doc.put("now", now.toString());
    ArrayNode rows = doc.putArray("blocks");
    Usage total = Usage.ZERO;
    for (BillingBlock b : blocks) {
      ObjectNode o = rows.addObject();
      o.put("start", b.start().toString());
      o.put("end", b.end().toString());
      o.put("first_request", b.firstRequest().toString());
      o.put("last_request", b.lastRequest().toString());
      o.put("active", b.active());
      ArrayNode models = o.putArray("models");
      b.models().forEach(m -> models.add(m.model()));
      usage(o, b.usage());
      BillingBlock.BurnRate rate = b.burnRate();
      if (rate != null) {
        ObjectNode br = o.putObject("burn_rate");
        br.put("tokens_per_minute", rate.tokensPerMinute().toPlainString());
        br.put("cost_per_hour_usd", rate.costPerHour().toPlainString());
      }
      BillingBlock.Projection p = b.projection(now);
      if (p != null) {
        ObjectNode po = o.putObject("projection");
        po.put("total_tokens", p.totalTokens());
        po.put("cost_usd", p.cost().toPlainString());
        po.put("remaining_minutes", p.minutesLeft());
      }
      total = total.plus(b.usage());
    }
    usage(doc.putObject("totals"), total);
    return write(doc);
  }

  static void usage(ObjectNode o, Usage u) {
    o.put("requests", u.requests());
    o.put("input_tokens", u.input());
    o.put("output_tokens", u.output());
    o.put("cache_creation_tokens", u.cacheCreate());
    o.put("cache_read_tokens", u.cacheRead());
    o.put("total_tokens", u.totalTokens());
    o.put("cost_usd", u.cost().toPlainString());
    o.put("not_final_cost_usd", u.notFinalCost().toPlainString());
    BigDecimal share = u.notFinalShare();
    if (share == null) {
      o.putNull("not_final_share");
    } else {
      o.put("not_final_share", share.toPlainString());
    }
  }

  static String write(ObjectNode doc) {
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
