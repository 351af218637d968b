package dev.tokenledger.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PriceKeyTest {

  @Test
  void roundTrips() {
    PriceKey k = new PriceKey("anthropic", "claude-sonnet-4-5", Instant.parse("2026-11-15T00:00:00Z"));
    assertThat(k.toString()).isEqualTo("anthropic/claude-sonnet-4-5@2026-11-15T00:00:00Z");
    assertThat(PriceKey.parse(k.toString())).isEqualTo(k);
  }

  @Test
  void rejectsMalformedKeys() {
    assertThatThrownBy(() -> PriceKey.parse("anthropic-claude")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PriceKey.parse("a/b@yesterday")).isInstanceOf(IllegalArgumentException.class);
  }
}
