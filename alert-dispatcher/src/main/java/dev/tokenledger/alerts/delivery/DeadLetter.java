package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A record of the dead-letter topic: a (breach, channel) given up on, or a breach record that could not
 * be decoded at all (no channel).
 */
public record DeadLetter(String breachId, Optional<String> channel, int attempts, String lastError, Instant time) {

  public DeadLetter {
    Objects.requireNonNull(breachId, "breachId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(time, "time");
  }

  /** The pair it is about; empty for an undecodable record. */
  public Optional<DeliveryKey> key() {
    return channel.map(c -> new DeliveryKey(breachId, c));
  }
}
