package dev.tokenledger.processor.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class PeriodStartTextTest {

  @Test
  void formatsAndParsesExactlyAsInstantDoesEvenPastTheMemosBound() {
    long[] samples = {0L, 1_764_547_200_000L, 1_764_547_200_123L, -86_400_000L, 253_402_300_799_999L};
    for (int round = 0; round < 2; round++) {
      for (long ms : samples) {
        String text = PeriodStartText.format(ms);
        assertThat(text).isEqualTo(Instant.ofEpochMilli(ms).toString());
        assertThat(PeriodStartText.parse(text)).isEqualTo(Instant.ofEpochMilli(ms));
      }
      // more distinct starts than the memo holds: it is dropped and refilled, answers unchanged
      for (int h = 0; h < PeriodStartText.MAX_ENTRIES + 10; h++) {
        long ms = 1_700_000_000_000L + h * 3_600_000L;
        assertThat(PeriodStartText.parse(PeriodStartText.format(ms))).isEqualTo(Instant.ofEpochMilli(ms));
      }
    }
  }

  @Test
  void aRollupKeyRoundTripsThroughTheMemo() {
    RollupKey key = new RollupKey("acme", Scope.USER, "a|b", Period.HOUR, Instant.parse("2026-12-07T17:00:00Z"));
    String text = RollupKey.asString("acme", Scope.USER, "a|b", Period.HOUR, key.periodStart().toEpochMilli());
    assertThat(text).isEqualTo(key.asString()).isEqualTo("acme|USER|a|b|HOUR|2026-12-07T17:00:00Z");
    assertThat(RollupKey.parse(text)).isEqualTo(key);
    assertThatThrownBy(() -> RollupKey.parse("acme|USER|x|HOUR|yesterday")).isInstanceOf(DateTimeParseException.class);
  }
}
