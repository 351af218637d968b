package dev.tokenledger.alerts.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.delivery.Outcome;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.alerts.delivery.DeadLetter;
import java.io.IOException;
import java.util.Optional;
import java.time.Instant;

/**
 * The values of the dispatcher's own two topics, JSON (version 1): the delivery ledger
 * ({@code {"version":1,"state":"DELIVERED","time":"…","attempts":1,"reason":""}}, key {@code <breachId>|<channel>})
 * and the dead letter ({@code breach_id, channel, attempts, last_error, time}, same key). Neither holds a
 * URL or a secret.
 */
public final class LedgerCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerCodec() {}

  public static byte[] ledgerValue(Settlement s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("state", s.outcome().name());
    n.put("time", s.time().toString());
    n.put("attempts", s.attempts());
    n.put("reason", s.reason());
    return bytes(n);
  }

  public static Settlement fromLedger(String key, byte[] value) {
    try {
      JsonNode n = JSON.readTree(value);
      return new Settlement(DeliveryKey.parse(key), Outcome.valueOf(n.path("state").asText()),
          Instant.parse(n.path("time").asText()), n.path("attempts").asInt(), n.path("reason").asText(""));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable delivery-ledger record '" + key + "': " + e.getMessage(), e);
    }
  }

  public static byte[] deadLetterValue(Settlement s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("breach_id", s.key().breachId());
    n.put("channel", s.key().channel());
    n.put("attempts", s.attempts());
    n.put("last_error", s.reason());
    n.put("time", s.time().toString());
    return bytes(n);
  }

  /** Reads a dead letter written by {@link #deadLetterValue} or {@link #undecodableValue}. */
  public static DeadLetter fromDeadLetter(String key, byte[] value) {
    try {
      JsonNode n = JSON.readTree(value);
      JsonNode channel = n.path("channel");
      return new DeadLetter(n.path("breach_id").asText(key), channel.isTextual() ? Optional.of(channel.asText()) : Optional.empty(),
          n.path("attempts").asInt(), n.path("last_error").asText(""), Instant.parse(n.path("time").asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable dead letter '" + key + "': " + e.getMessage(), e);
    }
  }

  /** A dead letter for a record that is no breach at all (undecodable): its key, where it was, why. */
  public static byte[] undecodableValue(String key, String topic, int partition, long offset, String reason, Instant time) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("breach_id", key);
    n.putNull("channel");
    n.put("attempts", 0);
    n.put("last_error", "undecodable breach at " + topic + "/" + partition + "@" + offset + ": " + reason);
    n.put("time", time.toString());
    return bytes(n);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
