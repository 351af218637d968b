package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaEfficiencyPublisherTest {

  @Test
  void theProducerIsIdempotentWithoutATransactionAndKeepsTheOperatorsProperties() {
    PublisherSettings s = new PublisherSettings("k:9092", "http://r", "usage.events.v1", "abc", 100, Duration.ofSeconds(5),
        Map.of("security.protocol", "SSL"));
    Properties p = KafkaEfficiencyPublisher.properties(s);
    assertThat(p).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry("security.protocol", "SSL")
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "tokenledger-agent-abc-efficiency");
  }
}
