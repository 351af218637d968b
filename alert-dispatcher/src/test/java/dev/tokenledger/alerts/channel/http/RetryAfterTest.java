package dev.tokenledger.alerts.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void secondsAndDatesAreReadPastDatesAreZeroAndTheRestIsIgnored() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Mon, 07 Dec 2026 10:00:45 GMT", NOW)).contains(Duration.ofSeconds(45));
    assertThat(RetryAfter.parse("Mon, 07 Dec 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("999999999999999999", NOW)).contains(Duration.ofDays(366));
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("tomorrow", NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
  }
}
