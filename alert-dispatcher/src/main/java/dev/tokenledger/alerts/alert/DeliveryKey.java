package dev.tokenledger.alerts.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One (breach, channel) pair: the unit that is delivered exactly once.
 * {@link #ledgerKey()} is its key on the delivery ledger; {@link #idempotencyKey()} is sent with every
 * attempt so a receiver can drop a repeat.
 */
public record DeliveryKey(String breachId, String channel) {

  public DeliveryKey {
    Objects.requireNonNull(breachId, "breachId");
    Objects.requireNonNull(channel, "channel");
  }

  /** {@code <breachId>|<channel>} (channel names cannot hold '|'). */
  public String ledgerKey() {
    return breachId + "|" + channel;
  }

  /** Parses a {@link #ledgerKey()}; the channel is what follows the last '|'. */
  public static DeliveryKey parse(String ledgerKey) {
    int bar = ledgerKey.lastIndexOf('|');
    if (bar <= 0 || bar == ledgerKey.length() - 1) {
      throw new IllegalArgumentException("not a delivery key: '" + ledgerKey + "'");
    }
    return new DeliveryKey(ledgerKey.substring(0, bar), ledgerKey.substring(bar + 1));
  }

  /**
   * The same for every attempt, every process and every restart: the first 128 bits of
   * SHA-256({@code <breachId>|<channel>}) in hex, e.g. {@code 3f1c…} (32 characters).
   */
  public String idempotencyKey() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(ledgerKey().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
