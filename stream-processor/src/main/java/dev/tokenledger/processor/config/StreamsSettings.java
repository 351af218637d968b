package dev.tokenledger.processor.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.settings.KafkaConnection;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete, validated configuration of the {@code streams} role, parsed once by
 * {@link StreamsSettingsParser}.
 *
 * @param kafka where Kafka and the registry are and how the Streams client runs
 * @param topology what the topology needs (time zone, retention, grace, intervals)
 * @param pricing where prices come from
 * @param ops where metrics and health are served (off by default)
 */
public record StreamsSettings(KafkaSettings kafka, TopologySettings topology, PricingSettings pricing, OpsSettings ops) {

  public StreamsSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(pricing, "pricing");
    Objects.requireNonNull(ops, "ops");
  }

  public Topics topics() {
    return Topics.withPrefix(kafka.topicPrefix());
  }

  /**
   * Kafka side of the configuration.
   *
   * @param partitions partitions of topics the app creates (and so of its repartition topic)
   * @param standbyReplicas warm copies of each task's state on other instances ({@code num.standby.replicas})
   * @param security how the clients authenticate and encrypt
   * @param registryCredentials the registry's basic-auth user, if any
   */
  public record KafkaSettings(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
      String topicPrefix, int partitions, short replicationFactor, Duration commitInterval, long cacheMaxBytes,
      int threads, int standbyReplicas, KafkaSecurity security, RegistryCredentials registryCredentials) {

    public KafkaSettings {
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(registryCredentials, "registryCredentials");
    }

    /** Without security: PLAINTEXT, no registry credentials (the local stack). */
    public KafkaSettings(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
        String topicPrefix, int partitions, short replicationFactor, Duration commitInterval, long cacheMaxBytes,
        int threads) {
      this(bootstrapServers, registryUrl, applicationId, stateDir, topicPrefix, partitions, replicationFactor,
          commitInterval, cacheMaxBytes, threads, 0, KafkaSecurity.plaintext(), RegistryCredentials.none());
    }

    /** The registry's address and credentials. */
    public RegistryConfig registry() {
      return RegistryConfig.of(registryUrl).withBasicAuth(registryCredentials.basicAuth());
    }

    /** Bootstrap servers and security, the start of every Kafka client's properties. */
    public KafkaConnection connection() {
      return new KafkaConnection(bootstrapServers, security);
    }
  }

  /**
   * Price sources.
   *
   * @param litellmEffectiveFrom effective-from of the shipped LiteLLM snapshot (the baseline: epoch)
   * @param overridesFile organisation overrides (TOML), if any
   * @param publishOnStart publish the price catalogue to the price topic when the app starts
   */
  public record PricingSettings(Instant litellmEffectiveFrom, Optional<Path> overridesFile, boolean publishOnStart) {}
}
