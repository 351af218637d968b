package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private long now = 0;

  @Test
  void aBurstGoesAtOnceThenOneTokenPerIntervalInOrder() {
    TokenBucket b = new TokenBucket(60, 3, () -> now);      // one a second, three saved up
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.reserve()).isEqualTo(Duration.ofSeconds(2));   // reservations queue up behind each other
  }

  @Test
  void tokensRefillWithTimeUpToTheBurst() {
    TokenBucket b = new TokenBucket(120, 2, () -> now);     // one per 500 ms
    b.reserve();
    b.reserve();
    now += Duration.ofMillis(500).toNanos();
    assertThat(b.reserve()).isZero();
    now += Duration.ofMinutes(10).toNanos();                 // a long quiet spell saves up only the burst
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void overAMinuteTheRateHolds() {
    TokenBucket b = new TokenBucket(20, 5, () -> now);
    int immediate = 0;
    Duration lastWait = Duration.ZERO;
    for (int i = 0; i < 25; i++) {
      Duration w = b.reserve();
      if (w.isZero()) {
        immediate++;
      }
      lastWait = w;
    }
    assertThat(immediate).isEqualTo(5);
    assertThat(lastWait).isEqualTo(Duration.ofMinutes(1));     // 25 = 5 at once + 20 over the next minute
  }

  @Test
  void aPauseHoldsEveryLaterReservationUntilItEndsAndIsCutToTheMaximum() {
    TokenBucket b = new TokenBucket(60_000, 100, Duration.ofMinutes(5), () -> now);
    assertThat(b.pauseFor(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.reserve()).isEqualTo(Duration.ofSeconds(30));
    now += Duration.ofSeconds(10).toNanos();
    assertThat(b.reserve()).as("a second caller waits for the same end").isEqualTo(Duration.ofSeconds(20));
    assertThat(b.pauseFor(Duration.ofSeconds(5))).as("applied").isEqualTo(Duration.ofSeconds(5));
    assertThat(b.reserve()).as("a shorter pause does not end a longer one").isEqualTo(Duration.ofSeconds(20));
    now += Duration.ofSeconds(20).toNanos();
    assertThat(b.reserve()).isZero();
    assertThat(b.pauseFor(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.reserve()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void withNoMaximumPausesAreIgnored() {
    TokenBucket b = new TokenBucket(60, 3, () -> now);
    assertThat(b.pauseFor(Duration.ofSeconds(30))).isZero();
    assertThat(b.reserve()).isZero();
  }
}
