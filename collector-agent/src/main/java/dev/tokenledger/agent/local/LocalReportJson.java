package dev.tokenledger.agent.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --json} document of a local report, with ccusage's field names so a script written for
 * {@code ccusage daily --json} reads it: {@code daily} / {@code monthly} / {@code sessions} rows with
 * {@code date} / {@code month} / {@code sessionId}, {@code inputTokens}, {@code outputTokens},
 * {@code cacheCreationTokens}, {@code cacheReadTokens}, {@code totalTokens}, {@code totalCost},
 * {@code modelsUsed}, {@code modelBreakdowns} ({@code modelName}, tokens, {@code cost}); then {@code totals}.
 * Money is an exact decimal number in USD, never a binary double. A model without a price has
 * {@code "cost": null} and {@code "unpriced": true}; rows and totals list such models in
 * {@code unpricedModels} and their {@code totalCost} covers the priced requests only.
 */
public final class LocalReportJson {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private LocalReportJson() {}

  public static String of(LocalReport report, boolean descending) {
    ObjectNode doc = JSON.createObjectNode();
    String rowsName = switch (report.period()) {
      case DAY -> "daily";
      case MONTH -> "monthly";
      case SESSION -> "sessions";
    };
    ArrayNode rows = doc.putArray(rowsName);
    Sums totals = new Sums();
    List<UsageTally.Row> ordered = new ArrayList<>(report.rows());
    if (descending) {
      java.util.Collections.reverse(ordered);
    }
    for (UsageTally.Row r : ordered) {
      ObjectNode o = rows.addObject();
      switch (report.period()) {
        case DAY -> o.put("date", r.label());
        case MONTH -> o.put("month", r.label());
        case SESSION -> o.put("sessionId", r.label());
      }
      Sums row = new Sums();
      r.models().forEach(row::add);
      row.write(o);
      if (report.period() == LocalPeriod.SESSION) {
        o.put("lastActivity", LocalDate.ofInstant(r.lastActivity(), report.zone()).toString());
        o.put("lastActivityTime", r.lastActivity().toString());
        o.put("projectPath", r.project() == null ? "" : r.project());
      }
      ArrayNode used = o.putArray("modelsUsed");
      r.models().forEach(m -> used.add(m.model()));
      ArrayNode breakdowns = o.putArray("modelBreakdowns");
      for (UsageTally.ModelTotals m : r.models()) {
        ObjectNode b = breakdowns.addObject();
        b.put("modelName", m.model());
        b.put("inputTokens", m.input());
        b.put("outputTokens", m.output());
        b.put("cacheCreationTokens", m.cacheCreate());
        b.put("cacheReadTokens", m.cacheRead());
        b.put("totalTokens", m.totalTokens());
        if (m.priced()) {
          b.put("cost", plain(m.cost()));
        } else if (m.unpricedRequests() == m.requests()) {
          b.putNull("cost");
          b.put("unpriced", true);
          b.put("unpricedReason", m.unpricedReason());
        } else {
          b.put("cost", plain(m.cost()));
          b.put("unpriced", true);
          b.put("unpricedRequests", m.unpricedRequests());
          b.put("unpricedReason", m.unpricedReason());
        }
      }
      r.models().forEach(totals::add);
    }
    totals.write(doc.putObject("totals"));
    ObjectNode about = doc.putObject("tokenledger");
    about.put("prices", report.priceList());
    about.put("timezone", report.zone().getId());
    about.put("requests", report.read().requests());
    about.put("duplicatesDropped", report.read().duplicates());
    about.put("problems", report.read().problems());
    about.put("heldBack", report.read().heldBack());
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static BigDecimal plain(BigDecimal usd) {
    return usd.signum() == 0 ? BigDecimal.ZERO : usd.stripTrailingZeros();
  }

  /** Token and cost sums of some models, and which of them had requests without a price. */
  private static final class Sums {
    long input;
    long output;
    long cacheCreate;
    long cacheRead;
    BigDecimal cost = BigDecimal.ZERO;
    final java.util.TreeSet<String> unpriced = new java.util.TreeSet<>();

    void add(UsageTally.ModelTotals m) {
      input += m.input();
      output += m.output();
      cacheCreate += m.cacheCreate();
      cacheRead += m.cacheRead();
      cost = cost.add(m.cost());
      if (!m.priced()) {
        unpriced.add(m.model());
      }
    }

    void write(ObjectNode o) {
      o.put("inputTokens", input);
      o.put("outputTokens", output);
      o.put("cacheCreationTokens", cacheCreate);
      o.put("cacheReadTokens", cacheRead);
      o.put("totalTokens", input + output + cacheCreate + cacheRead);
      o.put("totalCost", plain(cost));
      if (!unpriced.isEmpty()) {
        ArrayNode u = o.putArray("unpricedModels");
        unpriced.forEach(u::add);
      }
    }
  }
}
