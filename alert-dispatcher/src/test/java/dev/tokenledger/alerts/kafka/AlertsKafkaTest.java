package dev.tokenledger.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.config.AlertsSettingsParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every Kafka client of the dispatcher carries the configured security; the settings never show a password. */
class AlertsKafkaTest {

  @Test
  void theConsumersAndTheTransactionalProducerAuthenticateWithTheConfiguredLogin() {
    AlertsSettings s = AlertsSettingsParser.parse(Optional.empty(), Map.of(
        "TOKENLEDGER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "TOKENLEDGER_KAFKA_SASL_MECHANISM", "PLAIN",
        "TOKENLEDGER_KAFKA_SASL_USERNAME", "alerts", "TOKENLEDGER_KAFKA_SASL_PASSWORD", "al3rts-pw"));
    for (Properties p : List.of(AlertsKafka.breachConsumer(s, 1), AlertsKafka.ledgerReader(s, 1), AlertsKafka.producer(s))) {
      assertThat(p).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN")
          .containsEntry("bootstrap.servers", s.kafka().bootstrapServers());
      assertThat((String) p.get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
          .contains("username=\"alerts\"", "password=\"al3rts-pw\"");
    }
    assertThat(s.toString()).contains("alerts").doesNotContain("al3rts-pw");
    AlertsSettings plain = AlertsSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(AlertsKafka.producer(plain)).doesNotContainKeys("security.protocol", "sasl.jaas.config");
  }
}
