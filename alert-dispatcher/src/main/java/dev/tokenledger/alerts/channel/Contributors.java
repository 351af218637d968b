package dev.tokenledger.alerts.channel;

import dev.tokenledger.alerts.alert.Alert;
import java.util.List;

/**
 * Extension point: the users and models that contributed most to a breach, for the Slack message. The
 * dispatcher uses the warehouse's ({@code WarehouseContributors}) when {@code [warehouse]} is configured,
 * {@link #NONE} otherwise; a lookup must be quick and must fail soft (an empty list), since it runs inside
 * a delivery attempt.
 */
@FunctionalInterface
public interface Contributors {

  Contributors NONE = alert -> List.of();

  /** Lines such as {@code "alice@example.com — $412.10"}, biggest first; empty when unknown. */
  List<String> top(Alert alert);
}
