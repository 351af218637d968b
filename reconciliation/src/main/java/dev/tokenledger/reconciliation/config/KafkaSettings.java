package dev.tokenledger.reconciliation.config;

import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.settings.KafkaConnection;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import java.util.Objects;

/**
 * Where {@code --alert} publishes variances: the cluster, the registry and the topic prefix, as every role
 * reads them (ADR 0701). Only used with {@code --alert}.
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, String topicPrefix, KafkaSecurity security,
    RegistryCredentials registryCredentials) {

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(registryCredentials, "registryCredentials");
  }

  public KafkaConnection connection() {
    return new KafkaConnection(bootstrapServers, security);
  }

  public RegistryConfig registry() {
    return RegistryConfig.of(registryUrl).withBasicAuth(registryCredentials.basicAuth());
  }

  public Topics topics() {
    return Topics.withPrefix(topicPrefix);
  }

  @Override
  public String toString() {
    return connection() + ", registry " + registryUrl + " " + registryCredentials + ", topic " + topics().variances();
  }
}
