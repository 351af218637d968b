package dev.tokenledger.alerts.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The daily digest of one channel: the state of every budget that names it, as the organisation API
 * reported it when the digest was made.
 *
 * @param day the day the digest is for, in the digest's time zone; with the channel it identifies one delivery
 */
public record Digest(String orgId, LocalDate day, String timeZone, Instant madeAt, List<Line> budgets) {

  /** One budget's current period. */
  public record Line(String budgetId, String scope, String value, String period, Instant periodStart, Instant periodEnd,
      BigDecimal spendUsd, BigDecimal limitUsd, BigDecimal percent, BigDecimal projectedUsd, String status) {

    public Line {
      Objects.requireNonNull(budgetId, "budgetId");
      Objects.requireNonNull(spendUsd, "spendUsd");
      Objects.requireNonNull(limitUsd, "limitUsd");
      Objects.requireNonNull(status, "status");
    }
  }

  public Digest {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(day, "day");
    budgets = List.copyOf(budgets);
  }

  /** The delivery of this digest to {@code channel}: {@code digest|<org>|<day>|<channel>} on the ledger. */
  public DeliveryKey keyFor(String channel) {
    return new DeliveryKey(idFor(orgId, day), channel);
  }

  /** How every digest's stand-in breach id starts (breach ids start with an organisation id, which holds no '|'). */
  public static final String ID_PREFIX = "digest|";

  /** What stands in for a breach id in a digest's delivery key. */
  public static String idFor(String orgId, LocalDate day) {
    return ID_PREFIX + orgId + "|" + day;
  }
}
