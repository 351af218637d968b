package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.DeliveryKey;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Offsets are committable only past records whose every channel is settled. */
class BreachTrackerTest {

  private final BreachTracker t = new BreachTracker();
  private final DeliveryKey a1 = new DeliveryKey("a", "ops");
  private final DeliveryKey a2 = new DeliveryKey("a", "slack");
  private final DeliveryKey b1 = new DeliveryKey("b", "ops");

  @Test
  void nothingReadNothingToCommit() {
    assertThat(t.committable(0)).isEmpty();
  }

  @Test
  void theOffsetStopsAtTheFirstRecordNotSettledOnEveryChannel() {
    t.add(0, 10, Set.of(a1, a2));
    t.add(0, 11, Set.of(b1));
    t.add(0, 12, Set.of());
    assertThat(t.committable(0)).hasValue(10);
    t.settle(b1);
    assertThat(t.committable(0)).hasValue(10);            // a later record settled does not move it
    t.settle(a1);
    assertThat(t.committable(0)).hasValue(10);            // one channel of two
    t.settle(a2);
    assertThat(t.committable(0)).hasValue(13);            // all done: past the last record read
    assertThat(t.pendingRecords()).isZero();
  }

  @Test
  void aKeyWaitedForTwiceIsSubmittedOnceAndSettlesBoth() {
    t.add(1, 5, Set.of(a1));
    assertThat(t.isPending(a1)).isTrue();
    t.add(1, 6, Set.of(a1));                               // the same breach read again (a re-publication)
    t.settle(a1);
    assertThat(t.isPending(a1)).isFalse();
    assertThat(t.committable(1)).hasValue(7);
  }

  @Test
  void partitionsAreIndependentAndForgotten() {
    t.add(0, 1, Set.of(a1));
    t.add(1, 1, Set.of(b1));
    t.settle(b1);
    assertThat(t.committable(0)).hasValue(1);
    assertThat(t.committable(1)).hasValue(2);
    t.forget(0);
    assertThat(t.committable(0)).isEmpty();
    assertThat(t.isPending(a1)).isFalse();
  }

  @Test
  void theLedgerKeepsTheFirstSettlement() {
    DeliveryLedger ledger = new DeliveryLedger();
    ledger.record(Settlement.delivered(a1, java.time.Instant.EPOCH, 1));
    ledger.record(Settlement.deadLettered(a1, java.time.Instant.EPOCH, 3, "x"));
    assertThat(ledger.isSettled(a1)).isTrue();
    assertThat(ledger.get(a1).orElseThrow().outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(ledger.isSettled(a2)).isFalse();
  }
}
