package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The final word on one (breach, channel), as written to the delivery ledger.
 *
 * @param attempts HTTP attempts made (0 when the channel is not configured)
 * @param reason why it was dead-lettered (safe to log: no URL, no secret); empty when delivered
 */
public record Settlement(DeliveryKey key, Outcome outcome, Instant time, int attempts, String reason) {

  public Settlement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(reason, "reason");
  }

  public static Settlement delivered(DeliveryKey key, Instant time, int attempts) {
    return new Settlement(key, Outcome.DELIVERED, time, attempts, "");
  }

  public static Settlement deadLettered(DeliveryKey key, Instant time, int attempts, String reason) {
    return new Settlement(key, Outcome.DEAD_LETTERED, time, attempts, reason);
  }
}
