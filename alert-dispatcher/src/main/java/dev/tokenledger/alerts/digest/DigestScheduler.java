package dev.tokenledger.alerts.digest;

import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.delivery.DeliveryJob;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily digest: once a day at {@code at} in {@code zone} (or at the first tick after it, when the
 * dispatcher was down then), one digest per channel, submitted as a delivery job whose key is
 * {@code digest|<org>|<day>|<channel>}. The job settles on the delivery ledger like a breach, so a day's
 * digest reaches a channel once across restarts; only the instance that {@code owns} the digest (the
 * owner of the breach topic's partition 0) sends it, so several instances send it once.
 */
public final class DigestScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(DigestScheduler.class);

  private final LocalTime at;
  private final ZoneId zone;
  private final List<String> configured;
  private final Set<String> always;
  private final BudgetBoard board;
  private final DeliveryLedger ledger;
  private final Consumer<DeliveryJob> submit;
  private final BooleanSupplier owns;
  private final Clock clock;
  private LocalDate done;

  /**
   * @param configured every channel the dispatcher has
   * @param always channels that get a digest even when no budget names them
   */
  public DigestScheduler(LocalTime at, ZoneId zone, List<String> configured, Set<String> always, BudgetBoard board,
      DeliveryLedger ledger, Consumer<DeliveryJob> submit, BooleanSupplier owns, Clock clock) {
    this.at = at;
    this.zone = zone;
    this.configured = List.copyOf(configured);
    this.always = Set.copyOf(always);
    this.board = board;
    this.ledger = ledger;
    this.submit = submit;
    this.owns = owns;
    this.clock = clock;
  }

  /** Called every few seconds; submits today's digests once they are due. Returns the jobs submitted. */
  public int tick() {
    ZonedDateTime now = clock.instant().atZone(zone);
    LocalDate day = now.toLocalDate();
    if (now.toLocalTime().isBefore(at) || day.equals(done) || !owns.getAsBoolean()) {
      return 0;
    }
    BudgetBoard.Board b;
    try {
      b = board.read();
    } catch (BudgetBoard.BudgetBoardException e) {
      LOG.warn("daily digest for {}: the budgets cannot be read ({}); trying again shortly", day, e.getMessage());
      return 0;
    }
    int submitted = 0;
    Set<String> targets = new LinkedHashSet<>(always);
    b.budgets().forEach(e -> targets.addAll(e.channels()));
    for (String channel : targets) {
      if (!configured.contains(channel)) {
        continue;   // a budget naming an unknown channel: its breaches are dead-lettered, its digest is skipped
      }
      DeliveryKey key = new DeliveryKey(Digest.idFor(b.orgId(), day), channel);
      if (ledger.isSettled(key)) {
        continue;
      }
      List<Digest.Line> lines = b.budgets().stream().filter(e -> e.channels().contains(channel)).map(BudgetBoard.Entry::line).toList();
      submit.accept(DeliveryJob.digest(new Digest(b.orgId(), day, zone.getId(), clock.instant(), lines), key));
      submitted++;
    }
    done = day;
    LOG.info("daily digest for {}: {} channel(s) to send", day, submitted);
    return submitted;
  }
}
