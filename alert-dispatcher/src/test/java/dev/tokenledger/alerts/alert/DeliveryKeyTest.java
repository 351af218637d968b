package dev.tokenledger.alerts.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryKeyTest {

  @Test
  void theIdempotencyKeyIsAStableHashOfBreachAndChannel() {
    DeliveryKey k = new DeliveryKey("b-1", "ops");
    assertThat(k.idempotencyKey()).isEqualTo("03c718b34866143413240085865c21ea")   // sha256("b-1|ops"), first 16 bytes
        .isEqualTo(new DeliveryKey("b-1", "ops").idempotencyKey())
        .isNotEqualTo(new DeliveryKey("b-1", "finance").idempotencyKey())
        .isNotEqualTo(new DeliveryKey("b-2", "ops").idempotencyKey());
  }

  @Test
  void theLedgerKeyParsesBackAlthoughBreachIdsHoldBars() {
    DeliveryKey k = new DeliveryKey("acme|team|2026-12-01T00:00:00Z|80|1000", "eng-slack");
    assertThat(k.ledgerKey()).isEqualTo("acme|team|2026-12-01T00:00:00Z|80|1000|eng-slack");
    assertThat(DeliveryKey.parse(k.ledgerKey())).isEqualTo(k);
    assertThatThrownBy(() -> DeliveryKey.parse("no-bar")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeliveryKey.parse("b|")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAlertNamesEachChannelOnce() {
    assertThat(Alerts.sample(AlertKind.CROSSED, List.of("a", "b", "a")).channels()).containsExactly("a", "b");
  }
}
