package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PublisherClientPropertiesTest {

  static final PublisherSettings SETTINGS = new PublisherSettings("k1:9092", "http://r", "usage.events.v1", "abc",
      2000, Duration.ofSeconds(10), Map.of("security.protocol", "SSL", "linger.ms", "50", "acks", "1"));

  @Test
  void theProducerKeepsTheOperatorsExtrasButNotWhatTheAgentFixes() {
    Properties p = PublisherClientProperties.producer(SETTINGS, 10_000);
    assertThat(p).containsEntry("security.protocol", "SSL")
        .containsEntry("linger.ms", "50")
        .containsEntry("acks", "all")
        .containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("transactional.id", "tokenledger-agent-abc")
        .containsEntry("client.id", "tokenledger-agent-abc")
        .containsEntry("enable.idempotence", true)
        .containsEntry("max.block.ms", 10_000)
        .containsEntry("delivery.timeout.ms", 20_010)
        .containsEntry("transaction.timeout.ms", 20_000)
        .containsEntry("compression.type", "lz4");
    assertThat(PublisherClientProperties.producer(SETTINGS, 1_000)).containsEntry("transaction.timeout.ms", 10_000);
  }

  @Test
  void theAdminClientUsesTheRequestTimeout() {
    Properties a = PublisherClientProperties.admin(SETTINGS, 3_000);
    assertThat(a).containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("default.api.timeout.ms", 3_000)
        .containsEntry("request.timeout.ms", 3_000);
  }
}
