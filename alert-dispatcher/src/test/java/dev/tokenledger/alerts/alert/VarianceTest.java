package dev.tokenledger.alerts.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VarianceTest {

  @Test
  void aVarianceDeliveryKeyIsPrefixedSoItNeverMeetsABreachOrADigestAndParsesBack() {
    Variance v = Variances.sample(List.of("finance", "finance", "eng"));
    assertThat(v.channels()).containsExactly("finance", "eng");
    DeliveryKey k = v.keyFor("finance");
    assertThat(k.ledgerKey()).isEqualTo("variance|acme|anthropic|2026-11-01|claude-opus-4||1733011200000|finance");
    assertThat(DeliveryKey.parse(k.ledgerKey())).isEqualTo(k);
    assertThat(k.idempotencyKey()).hasSize(32).isNotEqualTo(v.keyFor("eng").idempotencyKey());
  }
}
