package dev.tokenledger.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a role's Kafka clients connect: the bootstrap servers and {@link KafkaSecurity}. Every
 * producer, consumer, admin client and Streams instance of a role starts from {@link #properties()}.
 */
public record KafkaConnection(String bootstrapServers, KafkaSecurity security) {

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(security, "security");
  }

  /** Unauthenticated, unencrypted (the local stack). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, KafkaSecurity.plaintext());
  }

  /** {@code bootstrap.servers} and the security properties; contains secrets, never log it. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>(security.clientProperties());
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  @Override
  public String toString() {
    return bootstrapServers + " " + security;
  }
}
