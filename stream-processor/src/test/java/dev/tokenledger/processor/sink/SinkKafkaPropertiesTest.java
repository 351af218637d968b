package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class SinkKafkaPropertiesTest {

  private final SinkSettings settings = SinkSettingsParser.parse(Optional.empty(), Map.of());

  @Test
  void theConsumerReadsCommittedTransactionsCommitsByHandAndStaysInTheGroupWhileABatchIsRetried() {
    Properties p = SinkKafkaProperties.consumer(settings, 42);
    assertThat(p).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, settings.kafka().groupId())
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers())
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.kafka().maxPollRecords())
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.kafka().sessionTimeout().toMillis())
        .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafka().groupId() + "-42");
    long retried = settings.retry().giveUpAfter().plus(settings.clickhouse().requestTimeout()).toMillis();
    assertThat((int) p.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isGreaterThan((int) retried);
  }

  @Test
  void theRejectionProducerIsIdempotentAndWaitsForAllReplicas() {
    Properties p = SinkKafkaProperties.producer(settings);
    assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
  }

  @Test
  void everyClientOfTheSinkCarriesTheConfiguredSecurityAndTheSettingsNeverShowThePassword() {
    SinkSettings secured = SinkSettingsParser.parse(Optional.empty(), Map.of(
        "TOKENLEDGER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "TOKENLEDGER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "TOKENLEDGER_KAFKA_SASL_USERNAME", "sink", "TOKENLEDGER_KAFKA_SASL_PASSWORD", "k4fka-pw",
        "TOKENLEDGER_REGISTRY_USER", "sr", "TOKENLEDGER_REGISTRY_PASSWORD", "sr-pw"));
    for (Properties p : java.util.List.of(SinkKafkaProperties.consumer(secured, 1), SinkKafkaProperties.producer(secured))) {
      assertThat(p).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
      assertThat((String) p.get("sasl.jaas.config")).contains("username=\"sink\"", "password=\"k4fka-pw\"");
    }
    assertThat(secured.kafka().registry().basicAuth()).isEqualTo("sr:sr-pw");
    assertThat(secured.toString()).contains("SASL_PLAINTEXT", "sink").doesNotContain("k4fka-pw", "sr-pw");
    assertThat(SinkKafkaProperties.consumer(settings, 1)).doesNotContainKeys("security.protocol", "sasl.jaas.config");
  }
}
