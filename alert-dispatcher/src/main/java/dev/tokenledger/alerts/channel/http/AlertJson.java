package dev.tokenledger.alerts.channel.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The webhook payload, version 1 (documented in docs/alerts.md): snake_case fields in a fixed order,
 * money and percentages as decimal strings (exact), times as ISO-8601 UTC, absent values as null. Fields
 * are only ever added, never renamed or removed, within a version.
 */
public final class AlertJson {

  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  public static String render(Alert a, String channel, String deliveryId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", VERSION);
    n.put("kind", a.kind().name());
    n.put("breach_id", a.breachId());
    n.put("delivery_id", deliveryId);
    n.put("channel", channel);
    n.put("org_id", a.orgId());
    n.put("budget_id", a.budgetId());
    n.put("scope", a.scope());
    n.put("scope_value", a.scopeValue());
    n.put("period", a.period());
    n.put("period_start", time(a.periodStart()));
    n.put("period_end", time(a.periodEnd()));
    n.put("threshold_percent", a.thresholdPercent());
    n.put("spend_usd", plain(a.spendUsd()));
    n.put("limit_usd", plain(a.limitUsd()));
    n.put("percent_of_limit", plain(a.percentOfLimit()));
    n.put("burn_rate_usd_per_hour", plain(a.burnRateUsdPerHour()));
    n.put("projected_exhaustion_time", a.projectedExhaustion().map(AlertJson::time).orElse(null));
    n.put("triggering_event_id", a.triggeringEventId());
    n.put("detected_time", time(a.detectedTime()));
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A daily digest: {@code kind} {@code DIGEST}, the day and its zone, one object per budget. */
  public static String renderDigest(Digest d, String channel, String deliveryId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", VERSION);
    n.put("kind", "DIGEST");
    n.put("delivery_id", deliveryId);
    n.put("channel", channel);
    n.put("org_id", d.orgId());
    n.put("day", d.day().toString());
    n.put("time_zone", d.timeZone());
    n.put("made_time", time(d.madeAt()));
    var rows = n.putArray("budgets");
    for (Digest.Line l : d.budgets()) {
      ObjectNode r = rows.addObject();
      r.put("budget_id", l.budgetId());
      r.put("scope", l.scope());
      r.put("scope_value", l.value());
      r.put("period", l.period());
      r.put("period_start", time(l.periodStart()));
      r.put("period_end", time(l.periodEnd()));
      r.put("spend_usd", plain(l.spendUsd()));
      r.put("limit_usd", plain(l.limitUsd()));
      r.put("percent_of_limit", plain(l.percent()));
      r.put("projected_usd", plain(l.projectedUsd()));
      r.put("status", l.status());
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A reconciliation variance: {@code kind} {@code VARIANCE}, the row's key, both figures, the variances, the
   * shares (null where the provider reported nothing) and the threshold.
   */
  public static String renderVariance(Variance v, String channel, String deliveryId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", VERSION);
    n.put("kind", "VARIANCE");
    n.put("variance_id", v.varianceId());
    n.put("delivery_id", deliveryId);
    n.put("channel", channel);
    n.put("org_id", v.orgId());
    n.put("provider", v.provider());
    n.put("day", v.day().toString());
    n.put("model", v.model());
    n.put("subject", v.subject());
    n.put("status", v.status());
    n.put("ledger_tokens", v.ledgerTokens());
    n.put("provider_tokens", v.providerTokens());
    n.put("token_variance", v.tokenVariance());
    n.put("token_share", v.tokenShare().map(AlertJson::plain).orElse(null));
    n.put("ledger_cost_usd", plain(v.ledgerCostUsd()));
    n.put("provider_cost_usd", plain(v.providerCostUsd()));
    n.put("cost_variance_usd", plain(v.costVarianceUsd()));
    n.put("cost_share", v.costShare().map(AlertJson::plain).orElse(null));
    n.put("threshold_share", plain(v.threshold()));
    n.put("import_version", v.importVersion());
    n.put("detected_time", time(v.detectedTime()));
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
