package dev.tokenledger.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.AlertKind;
import dev.tokenledger.alerts.alert.Alerts;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One channel's deliveries: retried, dead-lettered, paced, and independent of other channels. */
class ChannelWorkerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  private static final RetryPolicy POLICY = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8))
      .withMaxAttempts(4);
  private final Alert alert = Alerts.sample(AlertKind.CROSSED, List.of("ops"));
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = slept::add;

  /** Fails with the given exceptions in turn, then succeeds; records the idempotency keys it saw. */
  private static final class ScriptedChannel implements Channel {
    final List<DeliveryException> failures;
    final List<String> keys = new CopyOnWriteArrayList<>();

    ScriptedChannel(DeliveryException... failures) {
      this.failures = new ArrayList<>(List.of(failures));
    }

    @Override
    public String name() {
      return "ops";
    }

    @Override
    public void deliver(Alert a, String idempotencyKey) throws DeliveryException {
      keys.add(idempotencyKey);
      if (!failures.isEmpty()) {
        throw failures.remove(0);
      }
    }
  }

  private ChannelWorker worker(Channel c, TokenBucket bucket) {
    return new ChannelWorker(c, bucket, POLICY, sleeper, CLOCK, s -> { });
  }

  private TokenBucket unlimited() {
    return new TokenBucket(100_000, 100_000, System::nanoTime);
  }

  /** A channel whose every attempt counts {@code started} down, then waits for {@code finish}. */
  private static Channel held(String name, CountDownLatch started, CountDownLatch finish) {
    return new Channel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void deliver(Alert a, String key) {
        started.countDown();
        try {
          finish.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new AssertionError("an attempt under way was interrupted");
        }
      }
    };
  }

  /** Stops {@code w} on another thread while its attempts are held, then lets them finish and waits for the stop. */
  private static void stopWhileHeld(ChannelWorker w, CountDownLatch finish) throws InterruptedException {
    Thread stopper = new Thread(() -> {
      try {
        w.stop(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();
    await().atMost(Duration.ofSeconds(10)).until(w::isStopping);
    finish.countDown();
    stopper.join(20_000);
  }

  @Test
  void severalRequestsOfOneChannelAreUnderWayAtOnceAndAStopWaitsForEach() throws Exception {
    CountDownLatch allThree = new CountDownLatch(3);
    CountDownLatch finish = new CountDownLatch(1);
    Channel slow = held("hook", allThree, finish);
    List<Settlement> settled = new CopyOnWriteArrayList<>();
    ChannelWorker w = new ChannelWorker(slow, unlimited(), POLICY, Sleeper.SYSTEM, CLOCK, settled::add, 3);
    w.start();
    for (int i = 0; i < 4; i++) {
      w.submit(new DeliveryJob(alert, new DeliveryKey("breach-" + i, "hook"), 0));
    }
    assertThat(allThree.await(10, TimeUnit.SECONDS)).as("three requests under way at once").isTrue();
    stopWhileHeld(w, finish);
    assertThat(settled).as("the three under way are settled, the queued one is not").hasSize(3);
    assertThat(w.queued()).isEqualTo(1);
  }

  @Test
  void transientFailuresAreRetriedWithTheSameIdempotencyKeyThenDelivered() {
    ScriptedChannel c = new ScriptedChannel(new DeliveryException("HTTP 503", true), new DeliveryException("HTTP 429", true));
    Settlement s = worker(c, unlimited()).deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0)).orElseThrow();
    assertThat(s.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(s.attempts()).isEqualTo(3);
    assertThat(s.time()).isEqualTo(CLOCK.instant());
    assertThat(c.keys).hasSize(3).containsOnly(alert.keyFor("ops").idempotencyKey());
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanTheBackoffHoldsTheNextAttemptThatLong() {
    ScriptedChannel c = new ScriptedChannel(new DeliveryException("HTTP 429", true, Duration.ofSeconds(30)));
    long[] now = {0};
    Sleeper advancing = d -> {
      slept.add(d);
      now[0] += d.toNanos();
    };
    TokenBucket bucket = new TokenBucket(100_000, 100_000, Duration.ofMinutes(5), () -> now[0]);
    Settlement s = new ChannelWorker(c, bucket, POLICY, advancing, CLOCK, x -> { })
        .deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0)).orElseThrow();
    assertThat(s.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(slept).as("the backoff (1 s), then the rest of the receiver's 30 s").containsExactly(Duration.ofSeconds(1),
        Duration.ofSeconds(29));
    assertThat(now[0]).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void aChannelFailingEveryAttemptIsDeadLetteredWithTheLastError() {
    ScriptedChannel c = new ScriptedChannel(new DeliveryException("HTTP 500", true), new DeliveryException("HTTP 500", true),
        new DeliveryException("HTTP 502", true), new DeliveryException("timed out", true), new DeliveryException("x", true));
    Settlement s = worker(c, unlimited()).deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0)).orElseThrow();
    assertThat(s.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(s.attempts()).isEqualTo(4);
    assertThat(s.reason()).isEqualTo("timed out (gave up after 4 attempts)");
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aRefusalIsDeadLetteredAtOnce() {
    ScriptedChannel c = new ScriptedChannel(new DeliveryException("HTTP 404", false));
    Settlement s = worker(c, unlimited()).deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0)).orElseThrow();
    assertThat(s.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(s.attempts()).isEqualTo(1);
    assertThat(s.reason()).isEqualTo("HTTP 404 (refused, not retried)");
    assertThat(slept).isEmpty();
  }

  @Test
  void everyAttemptWaitsForTheRateLimit() {
    long[] now = {0};
    TokenBucket bucket = new TokenBucket(60, 1, () -> now[0]);
    ChannelWorker w = worker(new ScriptedChannel(), bucket);
    w.deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0));
    w.deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0));
    w.deliver(new DeliveryJob(alert, alert.keyFor("ops"), 0));
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aBlockedChannelDelaysNoOtherChannel() throws Exception {
    CountDownLatch unblock = new CountDownLatch(1);
    Channel blocked = new Channel() {
      @Override
      public String name() {
        return "blocked";
      }

      @Override
      public void deliver(Alert a, String key) {
        try {
          unblock.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ScriptedChannel ok = new ScriptedChannel();
    List<Settlement> settled = new CopyOnWriteArrayList<>();
    Dispatcher d = new Dispatcher(List.of(
        new ChannelWorker(blocked, unlimited(), POLICY, sleeper, CLOCK, settled::add),
        new ChannelWorker(ok, unlimited(), POLICY, sleeper, CLOCK, settled::add)));
    d.start();
    try {
      for (int i = 0; i < 10; i++) {
        Alert a = new Alert("b-" + i, AlertKind.CROSSED, alert.orgId(), alert.budgetId(), alert.scope(), alert.scopeValue(),
            alert.period(), alert.periodStart(), alert.periodEnd(), 80, alert.spendUsd(), alert.limitUsd(),
            alert.percentOfLimit(), alert.burnRateUsdPerHour(), alert.projectedExhaustion(), "e", alert.detectedTime(),
            List.of("blocked", "ops"));
        d.submit(new DeliveryJob(a, a.keyFor("blocked"), 0));
        d.submit(new DeliveryJob(a, a.keyFor("ops"), 0));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> settled.size() == 10);
      assertThat(settled).allSatisfy(s -> assertThat(s.key().channel()).isEqualTo("ops"));
      assertThat(d.drop(p -> p == 0)).as("queued behind the blocked delivery, dropped on revocation").isEqualTo(9);
    } finally {
      unblock.countDown();
      d.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void aStopLetsTheRequestUnderWayFinishAndSettlesItButEndsAWaitAtOnce() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Channel slow = held("slow", started, finish);
    List<Settlement> settled = new CopyOnWriteArrayList<>();
    ChannelWorker w = new ChannelWorker(slow, unlimited(), POLICY, Sleeper.SYSTEM, CLOCK, settled::add);
    w.start();
    w.submit(new DeliveryJob(alert, alert.keyFor("slow"), 0));
    w.submit(new DeliveryJob(alert, new DeliveryKey("other", "slow"), 0));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    stopWhileHeld(w, finish);
    assertThat(settled).extracting(Settlement::key).containsExactly(alert.keyFor("slow"));   // the queued one stays unsettled

    // a worker waiting between attempts stops at once, leaving the job unsettled
    List<Settlement> none = new CopyOnWriteArrayList<>();
    ScriptedChannel failing = new ScriptedChannel(new DeliveryException("HTTP 503", true));
    ChannelWorker waiting = new ChannelWorker(failing, unlimited(),
        RetryPolicy.exponential(Duration.ofMinutes(5), Duration.ofMinutes(5)), Sleeper.SYSTEM, CLOCK, none::add);
    waiting.start();
    waiting.submit(new DeliveryJob(alert, alert.keyFor("ops"), 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> failing.keys.size() == 1);
    long t0 = System.nanoTime();
    waiting.stop(Duration.ofSeconds(20));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(none).isEmpty();
  }
}
