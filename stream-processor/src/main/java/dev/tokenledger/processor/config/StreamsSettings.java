package dev.tokenledger.processor.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.Topics;
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
   */
  public record KafkaSettings(String bootstrapServers, String registryUrl, String applicationId, Path stateDir,
      String topicPrefix, int partitions, short replicationFactor, Duration commitInterval, long cacheMaxBytes,
      int threads) {}

  /**
   * Price sources.
   *
   * @param litellmEffectiveFrom effective-from of the shipped LiteLLM snapshot (the baseline: epoch)
   * @param overridesFile organisation overrides (TOML), if any
   * @param publishOnStart publish the price catalogue to the price topic when the app starts
   */
  public record PricingSettings(Instant litellmEffectiveFrom, Optional<Path> overridesFile, boolean publishOnStart) {}
}
