package dev.tokenledger.alerts.channel.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.alerts.alert.Alert;
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

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
