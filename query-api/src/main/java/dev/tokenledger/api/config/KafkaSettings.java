package dev.tokenledger.api.config;

import dev.tokenledger.settings.KafkaConnection;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import java.util.Objects;

/**
 * Where the API reads and writes budget definitions.
 *
 * @param bootstrapServers the Kafka cluster ({@code [kafka] bootstrap_servers})
 * @param registryUrl the Confluent-compatible schema registry ({@code [kafka] registry_url})
 * @param budgetsTopic the compacted budget topic ({@code [topics] budgets})
 * @param security how the Kafka clients authenticate and encrypt
 * @param registryCredentials the registry's basic-auth user, if any
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, String budgetsTopic, KafkaSecurity security,
    RegistryCredentials registryCredentials) {

  public KafkaSettings {
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(registryCredentials, "registryCredentials");
  }

  /** Without security (the local stack). */
  public KafkaSettings(String bootstrapServers, String registryUrl, String budgetsTopic) {
    this(bootstrapServers, registryUrl, budgetsTopic, KafkaSecurity.plaintext(), RegistryCredentials.none());
  }

  /** Bootstrap servers and security, the start of every Kafka client's properties. */
  public KafkaConnection connection() {
    return new KafkaConnection(bootstrapServers, security);
  }
}
