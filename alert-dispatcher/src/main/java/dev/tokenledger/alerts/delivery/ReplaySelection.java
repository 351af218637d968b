package dev.tokenledger.alerts.delivery;

import java.time.Instant;
import java.util.Optional;

/** Which dead letters a replay takes: all, or those of one channel, one breach, or since a time. */
public record ReplaySelection(Optional<String> channel, Optional<String> breachId, Optional<Instant> since) {

  public static ReplaySelection all() {
    return new ReplaySelection(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean matches(DeadLetter d) {
    return channel.map(c -> d.channel().map(c::equals).orElse(false)).orElse(true)
        && breachId.map(d.breachId()::equals).orElse(true)
        && since.map(s -> !d.time().isBefore(s)).orElse(true);
  }
}
