package dev.tokenledger.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void delaysDoubleFromTheInitialDelayUpToTheCap() {
    RetryPolicy p = RetryPolicy.exponential(ms(100), ms(1000));
    assertThat(IntStream.rangeClosed(1, 7).mapToObj(p::delay))
        .containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000));
  }

  @Test
  void theCapHoldsForever() {
    RetryPolicy p = RetryPolicy.exponential(ms(500), Duration.ofMinutes(1));
    assertThat(p.delay(8)).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.delay(1_000)).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anotherMultiplier() {
    RetryPolicy p = RetryPolicy.exponential(ms(100), ms(10_000)).withMultiplier(3);
    assertThat(IntStream.rangeClosed(1, 5).mapToObj(p::delay))
        .containsExactly(ms(100), ms(300), ms(900), ms(2700), ms(8100));
    assertThat(RetryPolicy.exponential(ms(100), ms(10_000)).withMultiplier(1).delay(9)).as("constant").isEqualTo(ms(100));
  }

  @Test
  void jitterOnlyShortensAWaitByAtMostItsFraction() {
    RetryPolicy p = RetryPolicy.exponential(ms(1000), ms(4000)).withJitter(0.25);
    assertThat(p.delay(1, 0.0)).isEqualTo(ms(1000));
    assertThat(p.delay(1, 0.5)).isEqualTo(ms(875));
    assertThat(p.delay(1, Math.nextDown(1.0))).isGreaterThanOrEqualTo(ms(750)).isLessThan(ms(751));
    for (int n = 1; n <= 6; n++) {
      for (double r = 0; r < 1; r += 0.01) {
        assertThat(p.delay(n, r)).isBetween(p.delay(n).multipliedBy(3).dividedBy(4), p.delay(n));
      }
    }
    assertThat(p.delay(9, 0.99)).isLessThanOrEqualTo(ms(4000));
  }

  @Test
  void withoutJitterTheDrawIsIgnored() {
    RetryPolicy p = RetryPolicy.exponential(ms(100), ms(1000));
    assertThat(p.delay(2, 0.9)).isEqualTo(ms(200));
  }

  @Test
  void attemptAndTimeLimits() {
    RetryPolicy p = RetryPolicy.exponential(ms(100), ms(1000));
    assertThat(p.maxAttempts()).isEqualTo(RetryPolicy.UNLIMITED_ATTEMPTS);
    assertThat(p.deadline()).isEmpty();
    assertThat(p.withinDeadline(Duration.ofDays(365), ms(1000))).isTrue();

    RetryPolicy limited = p.withMaxAttempts(3).withDeadline(Duration.ofSeconds(5));
    assertThat(limited.attemptsLeft(2)).isTrue();
    assertThat(limited.attemptsLeft(3)).isFalse();
    assertThat(limited.withinDeadline(ms(4000), ms(1000))).as("exactly at the deadline").isTrue();
    assertThat(limited.withinDeadline(ms(4001), ms(1000))).isFalse();
    assertThat(p.withDeadline(Duration.ZERO).withinDeadline(Duration.ZERO, ms(100))).as("zero retries nothing").isFalse();
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ZERO, ms(1))).hasMessageContaining("initial delay");
    assertThatThrownBy(() -> RetryPolicy.exponential(ms(10), ms(1))).hasMessageContaining("shorter");
    RetryPolicy p = RetryPolicy.exponential(ms(10), ms(100));
    assertThatThrownBy(() -> p.withMultiplier(0.5)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> p.withMultiplier(Double.NaN)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> p.withJitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> p.withJitter(-0.1)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> p.withMaxAttempts(0)).hasMessageContaining("attempts");
    assertThatThrownBy(() -> p.withDeadline(ms(-1))).hasMessageContaining("deadline");
    assertThatThrownBy(() -> p.delay(0)).hasMessageContaining("failures");
    assertThatThrownBy(() -> p.delay(1, 1.0)).hasMessageContaining("random");
  }

  @Test
  void valueSemantics() {
    RetryPolicy a = RetryPolicy.exponential(ms(10), ms(100)).withMaxAttempts(4);
    assertThat(a).isEqualTo(RetryPolicy.exponential(ms(10), ms(100)).withMaxAttempts(4)).hasSameHashCodeAs(
        RetryPolicy.exponential(ms(10), ms(100)).withMaxAttempts(4));
    assertThat(a).isNotEqualTo(a.withJitter(0.1));
    assertThat(a.toString()).contains("4 attempts");
  }
}
