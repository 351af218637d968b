package dev.tokenledger.alerts.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.delivery.DeliveryJob;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the digest goes, to whom, with what, and never twice for a day and channel. */
class DigestSchedulerTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** 08:59 in Berlin on 7 December 2026. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T07:59:00Z"));
  private final DeliveryLedger ledger = new DeliveryLedger();
  private final List<DeliveryJob> submitted = new ArrayList<>();
  private boolean owner = true;
  private boolean boardUp = true;
  private int reads;

  private final BudgetBoard board = () -> {
    reads++;
    if (!boardUp) {
      throw new BudgetBoard.BudgetBoardException("/v1/budgets answered HTTP 503");
    }
    return new BudgetBoard.Board("acme", List.of(
        entry("platform-monthly", "exceeded", List.of("ops", "finance")),
        entry("data-daily", "ok", List.of("ops")),
        entry("orphan", "ok", List.of("no-such-channel"))));
  };

  private static BudgetBoard.Entry entry(String id, String status, List<String> channels) {
    return new BudgetBoard.Entry(new Digest.Line(id, "TEAM", "platform", "MONTH", Instant.parse("2026-11-30T23:00:00Z"),
        Instant.parse("2026-12-31T23:00:00Z"), new BigDecimal("12.5"), new BigDecimal("10"), new BigDecimal("125.00"),
        new BigDecimal("50"), status), channels);
  }

  private DigestScheduler scheduler(Set<String> always) {
    return new DigestScheduler(LocalTime.of(9, 0), BERLIN, List.of("ops", "finance", "quiet"), always, board, ledger,
        submitted::add, () -> owner, clock);
  }

  @Test
  void atTheTimeEachChannelGetsTheBudgetsNamingItOnceADay() {
    DigestScheduler s = scheduler(Set.of());
    assertThat(s.tick()).as("08:59").isZero();
    assertThat(reads).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.tick()).isEqualTo(2);
    assertThat(submitted).extracting(j -> j.key().ledgerKey())
        .containsExactlyInAnyOrder("digest|acme|2026-12-07|ops", "digest|acme|2026-12-07|finance");
    DeliveryJob ops = submitted.stream().filter(j -> j.key().channel().equals("ops")).findFirst().orElseThrow();
    assertThat(ops.digest().budgets()).extracting(Digest.Line::budgetId).containsExactly("platform-monthly", "data-daily");
    assertThat(ops.digest().day()).isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(ops.digest().timeZone()).isEqualTo("Europe/Berlin");
    assertThat(ops.alert()).isNull();

    clock.advance(Duration.ofHours(3));
    assertThat(s.tick()).as("the same day again").isZero();
    clock.advance(Duration.ofHours(21));   // 09:00 on the 8th
    assertThat(s.tick()).isEqualTo(2);
    assertThat(submitted).extracting(j -> j.key().breachId()).contains("digest|acme|2026-12-08");
  }

  @Test
  void aDigestOnTheLedgerIsNotSentAgainAfterARestartAndAMissedTimeIsCaughtUp() {
    clock.advance(Duration.ofHours(6));   // the dispatcher starts at 14:59, after the time
    ledger.record(Settlement.delivered(new dev.tokenledger.alerts.alert.DeliveryKey("digest|acme|2026-12-07", "ops"), clock.instant(), 1));
    assertThat(scheduler(Set.of()).tick()).isEqualTo(1);
    assertThat(submitted).extracting(j -> j.key().channel()).containsExactly("finance");
  }

  @Test
  void onlyTheOwnerSendsAndAnUnreadableBoardIsTriedAgain() {
    clock.advance(Duration.ofMinutes(5));
    DigestScheduler s = scheduler(Set.of());
    owner = false;
    assertThat(s.tick()).isZero();
    assertThat(reads).as("a non-owner does not even ask").isZero();
    owner = true;
    boardUp = false;
    assertThat(s.tick()).isZero();
    boardUp = true;
    assertThat(s.tick()).isEqualTo(2);
  }

  @Test
  void aChannelListedAlwaysGetsADigestEvenWithNoBudget() {
    clock.advance(Duration.ofMinutes(1));
    assertThat(scheduler(Set.of("quiet")).tick()).isEqualTo(3);
    assertThat(submitted).filteredOn(j -> j.key().channel().equals("quiet")).singleElement()
        .satisfies(j -> assertThat(j.digest().budgets()).isEmpty());
  }
}
