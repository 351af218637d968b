package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A reconciliation row over the alert threshold, as it is published for the alert dispatcher (ADR 0802).
 *
 * @param importVersion the latest provider import of the row's day the row was computed from
 * @param channels the alert channels from {@code reconcile.alert_channels} (may be empty)
 */
public record VarianceAlert(String orgId, ReconciliationRow row, BigDecimal threshold, long importVersion,
    Instant detectedTime, List<String> channels) {

  public VarianceAlert {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(row, "row");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(detectedTime, "detectedTime");
    channels = List.copyOf(channels);
  }

  /**
   * {@code <org>|<provider>|<day>|<model>|<subject>|<import version>}: the same row of the same import always
   * has the same id, so publishing it again is a duplicate the dispatcher's delivery ledger drops.
   */
  public String id() {
    return orgId + "|" + row.provider().id() + "|" + row.day() + "|" + row.model() + "|" + row.subject() + "|"
        + importVersion;
  }
}
