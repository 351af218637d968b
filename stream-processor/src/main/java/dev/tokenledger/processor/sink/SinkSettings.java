package dev.tokenledger.processor.sink;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.settings.KafkaConnection;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The complete, validated configuration of the {@code sink} role, parsed once by {@link SinkSettingsParser}.
 *
 * @param kafka where Kafka and the registry are, the consumer group
 * @param clickhouse the warehouse
 * @param zone the organisation's time zone (the calendar of event_day / event_week / event_month)
 * @param batch when a batch is written
 * @param retry how long transient ClickHouse failures are retried before the sink stops
 * @param applyMigrationsOnStart apply missing migrations before consuming
 * @param ops where metrics and health are served (off by default)
 */
public record SinkSettings(KafkaSettings kafka, ClickHouseEndpoint clickhouse, ZoneId zone, BatchSettings batch,
    RetryPolicy retry, boolean applyMigrationsOnStart, OpsSettings ops) {

  public SinkSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(clickhouse, "clickhouse");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(ops, "ops");
  }

  public Topics topics() {
    return Topics.withPrefix(kafka.topicPrefix());
  }

  /** Kafka side: one consumer group; instances share the partitions of both input topics. */
  public record KafkaSettings(String bootstrapServers, String registryUrl, String groupId, String topicPrefix,
      int maxPollRecords, Duration sessionTimeout, KafkaSecurity security, RegistryCredentials registryCredentials) {

    public KafkaSettings {
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(registryCredentials, "registryCredentials");
    }

    /** Without security: PLAINTEXT, no registry credentials (the local stack). */
    public KafkaSettings(String bootstrapServers, String registryUrl, String groupId, String topicPrefix,
        int maxPollRecords, Duration sessionTimeout) {
      this(bootstrapServers, registryUrl, groupId, topicPrefix, maxPollRecords, sessionTimeout, KafkaSecurity.plaintext(),
          RegistryCredentials.none());
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
   * A batch is written when it holds {@code maxRows} rows or its first record is {@code maxDelay} old.
   */
  public record BatchSettings(int maxRows, Duration maxDelay) {
    public BatchSettings {
      if (maxRows < 1) {
        throw new IllegalArgumentException("batch.max_rows must be at least 1");
      }
      Objects.requireNonNull(maxDelay, "maxDelay");
    }
  }
}
