package dev.tokenledger.alerts.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.settings.KafkaConnection;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete, validated configuration of the {@code alerts} role, parsed once by {@link AlertsSettingsParser}.
 * Its text form (printed by {@code --validate}) masks every URL and secret.
 *
 * @param warehouse where Slack messages' top contributors come from; empty: none are shown
 * @param digest the daily digest; empty: none is sent
 * @param ops where metrics and health are served (off by default)
 * @param variances reconciliation variances: whether they are read, and where they go
 */
public record AlertsSettings(KafkaSettings kafka, TopicSettings topics, DeliverySettings delivery,
    List<ChannelSettings> channels, Optional<WarehouseSettings> warehouse, Optional<DigestSettings> digest, OpsSettings ops,
    VarianceSettings variances) {

  public AlertsSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(delivery, "delivery");
    channels = List.copyOf(channels);
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(variances, "variances");
  }

  public Optional<ChannelSettings> channel(String name) {
    return channels.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * Kafka side: one consumer group; each instance needs its own {@code transactionalId} (restarting an
   * instance with the same id aborts the transaction it left open).
   */
  public record KafkaSettings(String bootstrapServers, String registryUrl, String groupId, String transactionalId,
      Duration sessionTimeout, Duration transactionTimeout, KafkaSecurity security, RegistryCredentials registryCredentials) {

    public KafkaSettings {
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(registryCredentials, "registryCredentials");
    }

    /** Without security (the local stack). */
    public KafkaSettings(String bootstrapServers, String registryUrl, String groupId, String transactionalId,
        Duration sessionTimeout, Duration transactionTimeout) {
      this(bootstrapServers, registryUrl, groupId, transactionalId, sessionTimeout, transactionTimeout,
          KafkaSecurity.plaintext(), RegistryCredentials.none());
    }

    /** Bootstrap servers and security, the start of every Kafka client's properties. */
    public KafkaConnection connection() {
      return new KafkaConnection(bootstrapServers, security);
    }

    /** The registry's address and credentials. */
    public RegistryConfig registry() {
      return RegistryConfig.of(registryUrl).withBasicAuth(registryCredentials.basicAuth());
    }
  }

  /**
   * @param breaches the input (budget.breaches.v1 with the deployment's prefix)
   * @param deliveries the compacted delivery ledger (key {@code <breachId>|<channel>})
   * @param deadLetter what could not be delivered, with the reason
   * @param partitions partitions of the two topics this role creates when missing
   */
  /**
   * @param ledgerKeep how long a settled pair stays on the delivery ledger (then a tombstone removes it);
   *     zero: forever. Never shorter than the breach topic keeps its records (checked against the broker).
   */
  public record TopicSettings(String breaches, String deliveries, String deadLetter, int partitions,
      short replicationFactor, Duration ledgerKeep) {}
}
