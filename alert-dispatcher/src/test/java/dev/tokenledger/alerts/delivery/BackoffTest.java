package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.config.DeliverySettings;
import dev.tokenledger.retry.RetryPolicy;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The delivery retry policy: doubling waits capped, jitter only shortens, attempts and time bounded. */
class BackoffTest {

  private final DeliverySettings settings = new DeliverySettings(8, Duration.ofSeconds(1), Duration.ofMinutes(1), 50,
      Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, Duration.ofMinutes(5));

  @Test
  void waitsDoubleUpToTheCapAndJitterKeepsThemWithinHalfToFull() {
    RetryPolicy p = settings.retryPolicy();
    Random random = new Random(42);
    for (int failure = 1; failure <= 10; failure++) {
      Duration nominal = Duration.ofSeconds(Math.min(60, 1L << (failure - 1)));
      assertThat(p.delay(failure)).isEqualTo(nominal);
      for (int i = 0; i < 1000; i++) {
        Duration d = p.delay(failure, random.nextDouble());
        assertThat(d).isBetween(nominal.dividedBy(2), nominal);
      }
    }
  }

  @Test
  void attemptsAndTimeAreBounded() {
    RetryPolicy p = settings.retryPolicy();
    assertThat(p.attemptsLeft(7)).isTrue();
    assertThat(p.attemptsLeft(8)).isFalse();
    assertThat(p.withinDeadline(Duration.ofMinutes(9), Duration.ofSeconds(60))).isTrue();
    assertThat(p.withinDeadline(Duration.ofMinutes(9), Duration.ofSeconds(61))).isFalse();
    // the longest a delivery can retry: 7 waits of at most 1+2+4+8+16+32+60 s = 123 s, well inside give_up_after
    Duration worst = Duration.ZERO;
    for (int f = 1; f < 8; f++) {
      worst = worst.plus(p.delay(f));
    }
    assertThat(worst).isEqualTo(Duration.ofSeconds(123));
  }
}
