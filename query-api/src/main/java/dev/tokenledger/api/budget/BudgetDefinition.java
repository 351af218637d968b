package dev.tokenledger.api.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated budget of one organisation ({@link BudgetDraft#validate} builds it): a limit in USD per
 * period for one scope, warn thresholds in percent of the limit, an optional time zone of its periods
 * (else the organisation's), whether it is enabled, and the names of the alert channels to notify.
 *
 * @param limitUsd at most 9 decimals (the contract's {@code decimal(18, 9)})
 * @param thresholds ascending, distinct, each 1..1000
 * @param timeZone the IANA zone of the periods, or empty for the organisation's zone
 * @param channels the alert channels to notify, by name (never their addresses)
 * @param updated when the budget was last written
 */
public record BudgetDefinition(
    String orgId,
    String id,
    BudgetScope scope,
    String value,
    BudgetPeriod period,
    BigDecimal limitUsd,
    List<Integer> thresholds,
    Optional<String> timeZone,
    boolean enabled,
    List<String> channels,
    Instant updated) {

  public BudgetDefinition {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(limitUsd, "limitUsd");
    thresholds = List.copyOf(thresholds);
    Objects.requireNonNull(timeZone, "timeZone");
    channels = List.copyOf(channels);
    Objects.requireNonNull(updated, "updated");
  }

  /** The zone the periods are computed in: the budget's own, else {@code orgZone}. */
  public ZoneId zone(ZoneId orgZone) {
    return timeZone.map(ZoneId::of).orElse(orgZone);
  }

  /** The lowest warn threshold, in percent. */
  public int lowestThreshold() {
    return thresholds.isEmpty() ? 100 : thresholds.get(0);
  }
}
