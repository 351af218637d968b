package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.alerts.alert.Alerts;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which dead letters a replay takes, what it writes to the ledger, and what it leaves alone. */
class DeadLetterReplayTest {

  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);
  private final Alert alert = Alerts.sample(AlertKind.CROSSED, List.of("ops"));
  private final List<String> deliveredKeys = new ArrayList<>();
  private final FakeStore store = new FakeStore();

  private final class FakeStore implements DeadLetterReplay.Store {
    final List<DeadLetter> letters = new ArrayList<>();
    final DeliveryLedger ledger = new DeliveryLedger();
    final Map<String, Alert> alerts = new HashMap<>();
    final Map<String, dev.tokenledger.alerts.alert.Variance> variances = new HashMap<>();
    final List<Settlement> recorded = new ArrayList<>();

    @Override
    public List<DeadLetter> deadLetters() {
      return letters;
    }

    @Override
    public DeliveryLedger ledger() {
      return ledger;
    }

    @Override
    public Map<String, Alert> alerts(Set<String> ids) {
      Map<String, Alert> out = new HashMap<>(alerts);
      out.keySet().retainAll(ids);
      return out;
    }

    @Override
    public Map<String, dev.tokenledger.alerts.alert.Variance> variances(Set<String> ids) {
      Map<String, dev.tokenledger.alerts.alert.Variance> out = new HashMap<>(variances);
      out.keySet().retainAll(ids);
      return out;
    }

    @Override
    public void record(Settlement s) {
      recorded.add(s);
      ledger.record(s);
    }
  }

  private ChannelWorker worker(String name, boolean refuses) {
    Channel c = new Channel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void deliver(Alert a, String key) throws DeliveryException {
        if (refuses) {
          throw new DeliveryException("HTTP 404", false);
        }
        deliveredKeys.add(key);
      }

      @Override
      public void deliverVariance(dev.tokenledger.alerts.alert.Variance v, String key) throws DeliveryException {
        if (refuses) {
          throw new DeliveryException("HTTP 404", false);
        }
        deliveredKeys.add("variance " + key);
      }
    };
    return new ChannelWorker(c, new TokenBucket(1000, 1000, System::nanoTime), RetryPolicy.exponential(Duration.ofMillis(1),
        Duration.ofMillis(1)).withMaxAttempts(2), d -> { }, CLOCK, s -> { });
  }

  private DeadLetter letter(String breach, String channel, Instant at) {
    DeliveryKey k = new DeliveryKey(breach, channel);
    store.ledger.record(Settlement.deadLettered(k, at, 3, "HTTP 500"));
    return new DeadLetter(breach, Optional.of(channel), 3, "HTTP 500", at);
  }

  private DeadLetterReplay replay() {
    Map<String, ChannelWorker> workers = Map.of("ops", worker("ops", false), "broken", worker("broken", true));
    return new DeadLetterReplay(store, n -> Optional.ofNullable(workers.get(n)), CLOCK);
  }

  @Test
  void selectedDeadLettersAreDeliveredOnceAndWrittenToTheLedger() {
    store.letters.add(letter("b1", "ops", T.minusSeconds(60)));
    store.letters.add(letter("b1", "ops", T.minusSeconds(30)));   // dead-lettered twice: one pair, one delivery
    store.letters.add(letter("b2", "ops", T.minusSeconds(7200)));
    store.alerts.put("b1", alert);
    store.alerts.put("b2", alert);

    var results = replay().run(new ReplaySelection(Optional.empty(), Optional.empty(), Optional.of(T.minusSeconds(3600))), false);
    assertThat(results).extracting(r -> r.letter().breachId() + " " + r.status()).containsExactly("b1 DELIVERED");
    assertThat(deliveredKeys).containsExactly(new DeliveryKey("b1", "ops").idempotencyKey());
    assertThat(store.recorded).singleElement().satisfies(s -> {
      assertThat(s.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(s.reason()).isEqualTo("replayed from the dead letters");
      assertThat(s.time()).isEqualTo(T);
    });

    var again = replay().run(ReplaySelection.all(), false);
    assertThat(again).extracting(r -> r.letter().breachId() + " " + r.status())
        .containsExactlyInAnyOrder("b1 ALREADY_DELIVERED", "b2 DELIVERED");
    assertThat(deliveredKeys).hasSize(2);
  }

  @Test
  void aDeadLetteredVarianceIsFoundOnTheVarianceTopicAndDeliveredAsAVariance() {
    var v = dev.tokenledger.alerts.alert.Variances.sample(List.of("ops"));
    DeliveryKey k = v.keyFor("ops");
    store.letters.add(letter(k.breachId(), "ops", T.minusSeconds(60)));
    store.letters.add(letter("variance|acme|openai|2026-11-02|gpt-5||1", "ops", T.minusSeconds(60)));
    store.variances.put(v.varianceId(), v);

    var results = replay().run(ReplaySelection.all(), false);
    assertThat(results).extracting(r -> r.status() + " " + r.detail()).containsExactlyInAnyOrder(
        "DELIVERED 1 attempt(s)", "BREACH_GONE the variance is no longer on the variance topic");
    assertThat(deliveredKeys).containsExactly("variance " + k.idempotencyKey());
    assertThat(store.ledger.get(k)).hasValueSatisfying(s -> assertThat(s.outcome()).isEqualTo(Outcome.DELIVERED));
  }

  @Test
  void aDryRunDeliversNothingAndWritesNothing() {
    store.letters.add(letter("b1", "ops", T));
    store.alerts.put("b1", alert);
    assertThat(replay().run(ReplaySelection.all(), true)).extracting(DeadLetterReplay.Result::status)
        .containsExactly(DeadLetterReplay.Status.WOULD_REPLAY);
    assertThat(deliveredKeys).isEmpty();
    assertThat(store.recorded).isEmpty();
  }

  @Test
  void whatCannotBeReplayedIsSaidAndAFailureIsDeadLetteredAgain() {
    store.letters.add(new DeadLetter("garbage-key", Optional.empty(), 0, "undecodable breach at t/0@5: bad magic", T));
    store.letters.add(letter("b1", "nowhere", T));
    store.letters.add(letter("b2", "ops", T));           // its breach is gone from the topic
    store.letters.add(letter("b3", "broken", T));
    store.alerts.put("b3", alert);

    var results = replay().run(ReplaySelection.all(), false);
    assertThat(results).extracting(r -> r.letter().breachId() + " " + r.status()).containsExactlyInAnyOrder(
        "garbage-key UNDECODABLE", "b1 UNKNOWN_CHANNEL", "b2 BREACH_GONE", "b3 FAILED_AGAIN");
    assertThat(store.recorded).singleElement().satisfies(s -> {
      assertThat(s.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
      assertThat(s.reason()).startsWith("HTTP 404");
    });
  }

  @Test
  void aSelectionByChannelOrBreach() {
    DeadLetter a = letter("b1", "ops", T);
    assertThat(new ReplaySelection(Optional.of("ops"), Optional.empty(), Optional.empty()).matches(a)).isTrue();
    assertThat(new ReplaySelection(Optional.of("other"), Optional.empty(), Optional.empty()).matches(a)).isFalse();
    assertThat(new ReplaySelection(Optional.empty(), Optional.of("b1"), Optional.empty()).matches(a)).isTrue();
    assertThat(new ReplaySelection(Optional.empty(), Optional.of("b2"), Optional.empty()).matches(a)).isFalse();
    assertThat(new ReplaySelection(Optional.of("ops"), Optional.empty(), Optional.empty())
        .matches(new DeadLetter("x", Optional.empty(), 0, "", T))).isFalse();
  }
}
