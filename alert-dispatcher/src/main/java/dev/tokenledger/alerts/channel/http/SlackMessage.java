package dev.tokenledger.alerts.channel.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.alerts.alert.AlertKind;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The Slack incoming-webhook body: {@code text} (the one-line summary notifications show) and
 * {@code blocks} (a header, the figures as fields, the top contributors when known, the breach id).
 */
public final class SlackMessage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** Contributor lines shown at most, and characters of one (escaping may lengthen it up to 5 times). */
  static final int MAX_CONTRIBUTORS = 8;
  static final int MAX_CONTRIBUTOR_CHARS = 70;

  private SlackMessage() {}

  /** One line: what happened, to which budget, how far. */
  public static String summary(Alert a) {
    String what = a.kind() == AlertKind.FORECAST
        ? "is forecast to reach " + a.thresholdPercent() + "% of its limit"
        : "crossed " + a.thresholdPercent() + "% of its limit";
    return "Budget " + a.budgetId() + " (" + scope(a) + ", " + period(a) + ") " + what + ": " + usd(a.spendUsd())
        + " of " + usd(a.limitUsd()) + " (" + percent(a.percentOfLimit()) + ")";
  }

  public static String render(Alert a, List<String> contributors) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", summary(a));
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text")
        .put("text", (a.kind() == AlertKind.FORECAST ? "Budget forecast: " : "Budget alert: ") + a.budgetId()
            + " at " + percent(a.percentOfLimit()));
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", escape(summary(a)));
    ArrayNode fields = section.putArray("fields");
    field(fields, "Scope", scope(a));
    field(fields, "Period", period(a) + " from " + WHEN.format(a.periodStart()));
    field(fields, "Spend", usd(a.spendUsd()));
    field(fields, "Limit", usd(a.limitUsd()));
    field(fields, "Percent of limit", percent(a.percentOfLimit()));
    field(fields, "Burn rate", usd(a.burnRateUsdPerHour()) + " per hour");
    field(fields, "Projected exhaustion", a.projectedExhaustion().map(WHEN::format).orElse("not at this rate"));
    if (!contributors.isEmpty()) {
      ObjectNode top = blocks.addObject().put("type", "section");
      top.putObject("text").put("type", "mrkdwn").put("text", "*Top contributors*\n" + escape(String.join("\n",
          contributors.stream().limit(MAX_CONTRIBUTORS).map(c -> "• " + oneLine(c)).toList())));
    }
    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    context.addObject().put("type", "mrkdwn")
        .put("text", escape("org " + a.orgId() + " · breach " + a.breachId() + " · detected " + WHEN.format(a.detectedTime())));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A daily digest: one line per budget, the most used first, the exceeded ones marked. */
  public static String renderDigest(Digest d) {
    List<Digest.Line> lines = d.budgets().stream()
        .sorted(java.util.Comparator.comparing(Digest.Line::percent, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .reversed())
        .toList();
    long exceeded = lines.stream().filter(l -> l.status().equals("exceeded")).count();
    long warning = lines.stream().filter(l -> l.status().equals("warning")).count();
    String summary = "Budget digest for " + d.day() + " (" + d.timeZone() + "): " + lines.size() + " budget(s), " + exceeded
        + " exceeded, " + warning + " warning";
    ObjectNode root = JSON.createObjectNode();
    root.put("text", summary);
    ArrayNode blocks = root.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", "Budget digest: " + d.day());
    StringBuilder body = new StringBuilder();
    for (Digest.Line l : lines.stream().limit(40).toList()) {
      String mark = switch (l.status()) {
        case "exceeded" -> ":red_circle: ";
        case "warning" -> ":large_orange_circle: ";
        default -> ":white_circle: ";
      };
      body.append(mark).append(escape(l.budgetId() + " (" + l.scope().toLowerCase(Locale.ROOT)
          + (l.value() == null || l.value().isEmpty() ? "" : " " + l.value()) + ", " + l.period().toLowerCase(Locale.ROOT) + "): "
          + usd(l.spendUsd()) + " of " + usd(l.limitUsd()) + " (" + percent(l.percent()) + ")"
          + (l.projectedUsd() == null ? "" : ", projected " + usd(l.projectedUsd())))).append('\n');
    }
    if (lines.size() > 40) {
      body.append(escape("… and " + (lines.size() - 40) + " more"));
    }
    if (lines.isEmpty()) {
      body.append("No budget names this channel.");
    }
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", body.toString().strip());
    blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
        .put("text", escape(summary + " · org " + d.orgId()));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void field(ArrayNode fields, String label, String value) {
    fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + escape(value));
  }

  private static String scope(Alert a) {
    return a.scope().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + a.scopeValue();
  }

  private static String period(Alert a) {
    return a.period().toLowerCase(Locale.ROOT);
  }

  /**
   * One line for a variance, e.g. <i>Reconciliation: anthropic 2026-11-01 claude-opus-4: ledger $10.60 vs provider
   * $10.00 (+$0.60, +6.0%), over the 5.0% threshold</i>.
   */
  public static String summary(Variance v) {
    String who = v.subject().isEmpty() ? "" : " " + oneLine(v.subject());
    String share = v.costShare().map(s -> ", " + signedPercent(s)).orElse(", no provider cost");
    return "Reconciliation: " + v.provider() + " " + v.day() + " " + oneLine(v.model()) + who + ": ledger "
        + usd(v.ledgerCostUsd()) + " vs provider " + usd(v.providerCostUsd()) + " (" + signedUsd(v.costVarianceUsd())
        + share + "), over the " + percent(v.threshold().movePointRight(2)) + " threshold";
  }

  /** A variance: header, the figures of both sides as fields, the variance id and import. */
  public static String renderVariance(Variance v) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", summary(v));
    ArrayNode blocks = root.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", "Reconciliation variance: " + v.provider() + " " + v.day());
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", escape(summary(v)));
    ArrayNode fields = section.putArray("fields");
    field(fields, "Model", oneLine(v.model()));
    field(fields, "Subject", v.subject().isEmpty() ? "(all)" : oneLine(v.subject()));
    field(fields, "Cost: ledger / provider", usd(v.ledgerCostUsd()) + " / " + usd(v.providerCostUsd()));
    field(fields, "Cost variance", signedUsd(v.costVarianceUsd()) + v.costShare().map(s -> " (" + signedPercent(s) + ")")
        .orElse(" (no provider cost)"));
    field(fields, "Tokens: ledger / provider", tokens(v.ledgerTokens()) + " / " + tokens(v.providerTokens()));
    field(fields, "Token variance", (v.tokenVariance() > 0 ? "+" : "") + tokens(v.tokenVariance())
        + v.tokenShare().map(s -> " (" + signedPercent(s) + ")").orElse(" (no provider tokens)"));
    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    context.addObject().put("type", "mrkdwn").put("text", escape("org " + v.orgId() + " · " + v.status().toLowerCase(Locale.ROOT)
        + " · variance " + oneLine(v.varianceId()) + " · detected " + WHEN.format(v.detectedTime())));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code +$0.60} / {@code -$1,200.00}. */
  static String signedUsd(BigDecimal d) {
    return (d.signum() < 0 ? "-" : "+") + usd(d.abs());
  }

  /** A share as a signed percentage with one decimal: 0.0625 → {@code +6.3%}. */
  static String signedPercent(BigDecimal share) {
    return (share.signum() < 0 ? "-" : "+") + percent(share.abs().movePointRight(2));
  }

  static String tokens(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code $1,234.57}: two decimals, half-up, grouped. */
  static String usd(BigDecimal d) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return "$" + f.format(d);
  }

  static String percent(BigDecimal d) {
    return d.setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /**
   * A contributor as one bounded line: control characters (a line break in a user id would start a line of
   * its own) become spaces, and a long one is cut, so the section stays within Slack's 3,000 characters.
   */
  static String oneLine(String s) {
    String flat = s.codePoints().map(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return flat.length() <= MAX_CONTRIBUTOR_CHARS ? flat
        : flat.substring(0, Character.isHighSurrogate(flat.charAt(MAX_CONTRIBUTOR_CHARS - 2)) ? MAX_CONTRIBUTOR_CHARS - 2
            : MAX_CONTRIBUTOR_CHARS - 1) + "…";
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
