package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.alert.Variance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers dead-lettered (breach, channel) pairs again, once the cause is fixed (a wrong URL, a receiver
 * that was down for longer than the retries). Only pairs the ledger still holds as dead-lettered are taken
 * — a pair delivered since (by an earlier replay) never is — so running it twice delivers nothing twice.
 * Each attempt goes through the channel's worker (rate limit, retries, the same idempotency key as the
 * original attempts) and its outcome is written to the ledger: delivered, or dead-lettered again with the
 * new error.
 */
public final class DeadLetterReplay {

  /** Where the replay reads and writes: the dead letters, the ledger, the breaches, the ledger writer. */
  public interface Store {
    List<DeadLetter> deadLetters();

    DeliveryLedger ledger();

    /** The alerts of those breach ids still on the breach topic. */
    Map<String, Alert> alerts(Set<String> breachIds);

    /** The variances of those variance ids (without {@link Variance#ID_PREFIX}) still on the variance topic. */
    default Map<String, Variance> variances(Set<String> varianceIds) {
      return Map.of();
    }

    void record(Settlement s);
  }

  /** The store (the cluster holding the dead letters and the ledger) could not be read or written in time. */
  public static final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What happened to one dead letter. */
  public enum Status { DELIVERED, FAILED_AGAIN, ALREADY_DELIVERED, BREACH_GONE, UNKNOWN_CHANNEL, UNDECODABLE, WOULD_REPLAY }

  public record Result(DeadLetter letter, Status status, String detail) {}

  private final Store store;
  private final Function<String, Optional<ChannelWorker>> workers;
  private final Clock clock;

  public DeadLetterReplay(Store store, Function<String, Optional<ChannelWorker>> workers, Clock clock) {
    this.store = store;
    this.workers = workers;
    this.clock = clock;
  }

  /** Replays the selected dead letters (only lists them when {@code dryRun}); one result per pair, latest letter first. */
  public List<Result> run(ReplaySelection selection, boolean dryRun) {
    Map<String, DeadLetter> latest = new LinkedHashMap<>();
    for (DeadLetter d : store.deadLetters()) {
      if (selection.matches(d)) {
        latest.put(d.breachId() + "|" + d.channel().orElse(""), d);
      }
    }
    DeliveryLedger ledger = store.ledger();
    List<Result> results = new ArrayList<>();
    List<DeadLetter> todo = new ArrayList<>();
    for (DeadLetter d : latest.values()) {
      Optional<DeliveryKey> key = d.key();
      if (key.isEmpty()) {
        results.add(new Result(d, Status.UNDECODABLE, "no breach to deliver: " + d.lastError()));
      } else if (ledger.get(key.get()).map(s -> s.outcome() == Outcome.DELIVERED).orElse(false)) {
        results.add(new Result(d, Status.ALREADY_DELIVERED, "delivered since it was dead-lettered"));
      } else if (workers.apply(d.channel().get()).isEmpty()) {
        results.add(new Result(d, Status.UNKNOWN_CHANNEL, "channel '" + d.channel().get() + "' is not configured"));
      } else {
        todo.add(d);
      }
    }
    if (dryRun) {
      todo.forEach(d -> results.add(new Result(d, Status.WOULD_REPLAY, d.lastError())));
      return results;
    }
    Set<String> breachIds = todo.stream().map(DeadLetter::breachId).filter(id -> !id.startsWith(Variance.ID_PREFIX))
        .collect(Collectors.toSet());
    Set<String> varianceIds = todo.stream().map(DeadLetter::breachId).filter(id -> id.startsWith(Variance.ID_PREFIX))
        .map(id -> id.substring(Variance.ID_PREFIX.length())).collect(Collectors.toSet());
    Map<String, Alert> alerts = breachIds.isEmpty() ? Map.of() : store.alerts(breachIds);
    Map<String, Variance> variances = varianceIds.isEmpty() ? Map.of() : store.variances(varianceIds);
    for (DeadLetter d : todo) {
      DeliveryKey key = d.key().orElseThrow();
      DeliveryJob job;
      if (d.breachId().startsWith(Variance.ID_PREFIX)) {
        Variance v = variances.get(d.breachId().substring(Variance.ID_PREFIX.length()));
        if (v == null) {
          results.add(new Result(d, Status.BREACH_GONE, "the variance is no longer on the variance topic"));
          continue;
        }
        job = DeliveryJob.variance(v, key, -1);
      } else {
        Alert alert = alerts.get(d.breachId());
        if (alert == null) {
          results.add(new Result(d, Status.BREACH_GONE, "the breach is no longer on the breach topic"));
          continue;
        }
        job = new DeliveryJob(alert, key, -1);
      }
      Optional<Settlement> s = workers.apply(key.channel()).orElseThrow().deliver(job);
      if (s.isEmpty()) {
        results.add(new Result(d, Status.FAILED_AGAIN, "interrupted"));
        break;
      }
      Settlement settled = s.get().outcome() == Outcome.DELIVERED
          ? new Settlement(key, Outcome.DELIVERED, clock.instant(), s.get().attempts(), "replayed from the dead letters")
          : s.get();
      store.record(settled);
      results.add(settled.outcome() == Outcome.DELIVERED
          ? new Result(d, Status.DELIVERED, settled.attempts() + " attempt(s)")
          : new Result(d, Status.FAILED_AGAIN, settled.reason()));
    }
    return results;
  }
}
