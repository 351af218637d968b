package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which ledger entries may go, and a keep never shorter than the breach topic holds its records. */
class LedgerExpiryTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private static Settlement settled(String breachId, Duration ago) {
    return Settlement.delivered(new DeliveryKey(breachId, "ops"), NOW.minus(ago), 1);
  }

  @Test
  void breachesAfterTheKeepDigestsAfterAWeekNothingWhenKeptForever() {
    LedgerExpiry e = new LedgerExpiry(Duration.ofDays(120));
    assertThat(e.at(NOW).test(settled("acme|b|2026-08-01T00:00:00Z|80|10", Duration.ofDays(121)))).isTrue();
    assertThat(e.at(NOW).test(settled("acme|b|2026-08-01T00:00:00Z|80|10", Duration.ofDays(119)))).isFalse();
    assertThat(e.at(NOW).test(settled("digest|acme|2026-11-30", Duration.ofDays(8)))).isTrue();
    assertThat(e.at(NOW).test(settled("digest|acme|2026-12-06", Duration.ofDays(1)))).isFalse();
    assertThat(new LedgerExpiry(Duration.ZERO).at(NOW).test(settled("acme|b|x|80|10", Duration.ofDays(3650)))).isFalse();
  }

  @Test
  void theKeepCoversWhatTheBreachTopicMayStillHold() {
    assertThat(LedgerExpiry.safeKeep(Duration.ofDays(120), 90 * DAY_MS, 7 * DAY_MS)).isEqualTo(Duration.ofDays(120));
    assertThat(LedgerExpiry.safeKeep(Duration.ofDays(120), 200 * DAY_MS, 7 * DAY_MS)).isEqualTo(Duration.ofDays(208));
    assertThat(LedgerExpiry.safeKeep(Duration.ofDays(120), -1, 7 * DAY_MS)).as("kept forever there").isZero();
    assertThat(LedgerExpiry.safeKeep(Duration.ZERO, 90 * DAY_MS, 7 * DAY_MS)).as("configured forever").isZero();
  }

  @Test
  void theLedgerForgetsExpiredAndTombstonedPairsAndADeliveryReplacesADeadLetter() {
    DeliveryLedger ledger = new DeliveryLedger();
    ledger.record(settled("old", Duration.ofDays(200)));
    ledger.record(settled("new", Duration.ofDays(1)));
    assertThat(ledger.expire(new LedgerExpiry(Duration.ofDays(120)).at(NOW))).containsExactly(new DeliveryKey("old", "ops"));
    assertThat(ledger.isSettled(new DeliveryKey("old", "ops"))).isFalse();
    ledger.forget(new DeliveryKey("new", "ops"));
    assertThat(ledger.size()).isZero();

    DeliveryKey k = new DeliveryKey("b", "ops");
    ledger.record(Settlement.deadLettered(k, NOW, 3, "HTTP 500"));
    ledger.record(Settlement.delivered(k, NOW, 1));
    assertThat(ledger.get(k).orElseThrow().outcome()).isEqualTo(Outcome.DELIVERED);
    ledger.record(Settlement.deadLettered(k, NOW, 1, "late"));
    assertThat(ledger.get(k).orElseThrow().outcome()).as("the first delivery stays").isEqualTo(Outcome.DELIVERED);
  }
}
