package dev.tokenledger.api.config;

/**
 * Where the API reads and writes budget definitions.
 *
 * @param bootstrapServers the Kafka cluster ({@code [kafka] bootstrap_servers})
 * @param registryUrl the Confluent-compatible schema registry ({@code [kafka] registry_url})
 * @param budgetsTopic the compacted budget topic ({@code [topics] budgets})
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, String budgetsTopic) {}
