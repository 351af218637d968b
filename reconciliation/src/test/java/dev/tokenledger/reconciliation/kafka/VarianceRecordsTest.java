package dev.tokenledger.reconciliation.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ReconciliationVariance;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.reconciliation.VarianceAlert;
import dev.tokenledger.reconciliation.config.KafkaSettings;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class VarianceRecordsTest {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 1);
  private static final Instant NOW = Instant.parse("2026-11-02T06:00:00Z");

  @Test
  void figuresTravelAsExactDecimalsAtTheSchemaScalesAndAMissingShareIsNull() throws Exception {
    ReconciliationRow ledgerOnly = ReconciliationRow.of(D1, Provider.OPENAI, "gpt-5", "", true,
        new TokenCounts(100, 20, 0, 5), new BigDecimal("0.123456789"), false, TokenCounts.ZERO, BigDecimal.ZERO);
    ReconciliationVariance v = VarianceRecords.of(
        new VarianceAlert("acme", ledgerOnly, new BigDecimal("0.05"), 7L, NOW, List.of("a", "b")));
    assertThat(v.getVarianceId()).isEqualTo("acme|openai|2026-11-01|gpt-5||7");
    assertThat(v.getProvider()).isEqualTo("openai");
    assertThat(v.getDay()).isEqualTo(D1);
    assertThat(v.getStatus()).isEqualTo("LEDGER_ONLY");
    assertThat(v.getLedgerTokens()).isEqualTo(125);
    assertThat(v.getProviderTokens()).isZero();
    assertThat(v.getTokenVariance()).isEqualTo(125);
    assertThat(v.getTokenShare()).isNull();
    assertThat(v.getCostShare()).isNull();
    assertThat(v.getLedgerCostUsd()).isEqualTo(new BigDecimal("0.123456789"));
    assertThat(v.getCostVarianceUsd()).isEqualTo(new BigDecimal("0.123456789"));
    assertThat(v.getThresholdShare()).isEqualTo(new BigDecimal("0.050000"));
    assertThat(v.getNotify()).containsExactly("a", "b");
    // the record serialises: every decimal has the scale its schema says
    assertThat(ReconciliationVariance.getEncoder().encode(v)).isInstanceOf(ByteBuffer.class);
  }

  @Test
  void sharesAreRoundTrippedThroughAvro() throws Exception {
    ReconciliationRow off = ReconciliationRow.of(D1, Provider.ANTHROPIC, "opus", "", true, new TokenCounts(110, 0, 0, 0),
        new BigDecimal("10.6"), true, new TokenCounts(100, 0, 0, 0), new BigDecimal("10"));
    ReconciliationVariance v = VarianceRecords.of(new VarianceAlert("acme", off, new BigDecimal("0.05"), 7L, NOW, List.of()));
    ReconciliationVariance back = ReconciliationVariance.getDecoder().decode(ReconciliationVariance.getEncoder().encode(v));
    assertThat(back.getTokenShare()).isEqualTo(new BigDecimal("0.100000"));
    assertThat(back.getCostShare()).isEqualTo(new BigDecimal("0.060000"));
    assertThat(back.getProviderCostUsd()).isEqualTo(new BigDecimal("10.000000000"));
    assertThat(back.getDetectedTime()).isEqualTo(NOW);
  }

  @Test
  void aClusterThatDoesNotAnswerIsOneErrorNamingTheTopicAndTheServers() {
    KafkaSettings k = new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2", "", KafkaSecurity.plaintext(),
        RegistryCredentials.none());
    ReconciliationRow off = ReconciliationRow.of(D1, Provider.ANTHROPIC, "opus", "", true, new TokenCounts(110, 0, 0, 0),
        new BigDecimal("10.6"), true, new TokenCounts(100, 0, 0, 0), new BigDecimal("10"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KafkaVariancePublisher(k, Duration.ofSeconds(1))
            .publish(List.of(new VarianceAlert("acme", off, new BigDecimal("0.05"), 7L, NOW, List.of()))))
        .isInstanceOf(dev.tokenledger.reconciliation.VariancePublishException.class)
        .hasMessageContaining("reconciliation.variances.v1").hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void nothingToPublishNeedsNoCluster() {
    KafkaSettings k = new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2", "", KafkaSecurity.plaintext(),
        RegistryCredentials.none());
    new KafkaVariancePublisher(k, Duration.ofSeconds(1)).publish(List.of());
  }

  @Test
  void theProducerIsIdempotentWithAllAcksAndEveryWaitBoundedByTheTimeout() {
    KafkaSettings k = new KafkaSettings("127.0.0.1:1", "http://127.0.0.1:2", "it-", KafkaSecurity.plaintext(),
        RegistryCredentials.none());
    Properties p = KafkaVariancePublisher.producer(k, Duration.ofSeconds(7));
    assertThat(p).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 7_000).containsEntry("bootstrap.servers", "127.0.0.1:1");
    assertThat(k.topics().variances()).isEqualTo("it-reconciliation.variances.v1");
  }
}
