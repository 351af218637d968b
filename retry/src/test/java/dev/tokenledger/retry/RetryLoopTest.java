package dev.tokenledger.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryLoopTest {

  /** Fake time: sleeping advances the clock; nothing waits. */
  private final AtomicLong nanos = new AtomicLong(42);
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  private final RetryListener recorder = new RetryListener() {
    @Override
    public void retrying(int failures, Throwable failure, Duration wait) {
      events.add("retry " + failures + " " + failure.getMessage() + " " + wait.toMillis());
    }

    @Override
    public void recovered(int failures) {
      events.add("recovered " + failures);
    }
  };

  private RetryLoop loop(RetryPolicy policy) {
    return RetryLoop.of(policy, RetryClassifier.instancesOf(IOException.class))
        .withSleeper(d -> {
          waits.add(d);
          nanos.addAndGet(d.toNanos());
        })
        .withNanoTime(nanos::get)
        .withListener(recorder);
  }

  private String failTimes(int n) throws IOException {
    if (calls.incrementAndGet() <= n) {
      throw new IOException("down " + calls.get());
    }
    return "ok";
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void retriableFailuresAreRetriedWithThePolicysDelays() throws Exception {
    String result = loop(RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .call(() -> failTimes(5));
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(6);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(800), Duration.ofSeconds(1));
    assertThat(events).containsExactly("retry 1 down 1 100", "retry 2 down 2 200", "retry 3 down 3 400",
        "retry 4 down 4 800", "retry 5 down 5 1000", "recovered 5");
  }

  @Test
  void aFirstTimeSuccessNeitherWaitsNorReports() throws Exception {
    assertThat(loop(RetryPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1))).call(() -> failTimes(0)))
        .isEqualTo("ok");
    assertThat(waits).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void fatalFailuresPassThroughAtOnceUnchanged() {
    IOException checked = new IOException("bad");
    RetryLoop onlyUnchecked = RetryLoop.of(RetryPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1)),
        f -> f instanceof UncheckedIOException).withSleeper(waits::add);
    assertThatThrownBy(() -> onlyUnchecked.call(() -> {
      calls.incrementAndGet();
      throw checked;
    })).isSameAs(checked);
    IllegalStateException unchecked = new IllegalStateException("bug");
    assertThatThrownBy(() -> loop(RetryPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1))).call(() -> {
      calls.incrementAndGet();
      throw unchecked;
    })).isSameAs(unchecked);
    assertThat(calls).hasValue(2);
    assertThat(waits).isEmpty();
  }

  @Test
  void theAttemptLimitCountsEveryAttempt() {
    RetryLoop l = loop(RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(250)).withMaxAttempts(4));
    assertThatThrownBy(() -> l.call(() -> failTimes(100)))
        .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
          assertThat(e.attempts()).isEqualTo(4);
          assertThat(e.interrupted()).isFalse();
          assertThat(e.lastFailure()).hasMessage("down 4");
          assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(550));
        });
    assertThat(calls).hasValue(4);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void theDeadlineStopsBeforeAWaitThatWouldEndPastIt() {
    RetryLoop l = loop(RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
        .withDeadline(Duration.ofSeconds(5)));
    assertThatThrownBy(() -> l.call(() -> failTimes(100)))
        .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
          assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(4500));
          assertThat(e.attempts()).isEqualTo(8);
        });
    // 100+200+400+800+1000+1000+1000 = 4500 ms; one more second would end at 5.5 s
    assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMillis(4500));
  }

  @Test
  void theDeadlineCountsFromTheFirstFailureAndTimeSpentInAttempts() {
    RetryLoop l = loop(RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(100))
        .withDeadline(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> l.call(() -> {
      nanos.addAndGet(Duration.ofMillis(300).toNanos()); // each attempt takes 300 ms
      return failTimes(100);
    })).isInstanceOf(RetriesExhaustedException.class);
    // failures at 0, 400, 800 ms after the first; the third's wait would end at 900 ms, the fourth's at 1300
    assertThat(calls).hasValue(4);
  }

  @Test
  void aZeroDeadlineRetriesNothing() {
    RetryLoop l = loop(RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withDeadline(Duration.ZERO));
    assertThatThrownBy(() -> l.call(() -> failTimes(1))).isInstanceOf(RetriesExhaustedException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void jitteredWaitsStayWithinTheirBounds() throws Exception {
    double[] draws = {0.0, 0.5, 0.999};
    AtomicInteger i = new AtomicInteger();
    String result = loop(RetryPolicy.exponential(Duration.ofMillis(1000), Duration.ofMillis(2000)).withJitter(0.5))
        .withRandom(() -> draws[i.getAndIncrement()])
        .call(() -> failTimes(3));
    assertThat(result).isEqualTo("ok");
    assertThat(waits.get(0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(waits.get(1)).isEqualTo(Duration.ofMillis(1500));
    assertThat(waits.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(1000)).isLessThan(Duration.ofMillis(1002));
  }

  @Test
  void realRandomJitterNeverLeavesTheBounds() throws Exception {
    RetryPolicy p = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(800)).withJitter(0.3);
    RetryLoop l = RetryLoop.of(p, RetryClassifier.instancesOf(IOException.class)).withSleeper(waits::add);
    l.call(() -> failTimes(200));
    for (int n = 1; n <= waits.size(); n++) {
      Duration nominal = p.delay(n);
      assertThat(waits.get(n - 1)).isBetween(Duration.ofNanos(Math.round(nominal.toNanos() * 0.7)), nominal);
    }
  }

  @Test
  void anInterruptedWaitStopsRetryingAndKeepsTheFlag() {
    RetryLoop l = RetryLoop.of(RetryPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1)),
        RetryClassifier.instancesOf(IOException.class)).withSleeper(d -> {
          throw new InterruptedException("stop");
        });
    assertThatThrownBy(() -> l.call(() -> failTimes(100)))
        .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
          assertThat(e.interrupted()).isTrue();
          assertThat(e.lastFailure()).hasMessage("down 1");
          assertThat(e.getSuppressed()).hasOnlyElementsOfType(InterruptedException.class);
        });
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void classifiers() {
    RetryClassifier io = RetryClassifier.instancesOf(IOException.class, UncheckedIOException.class);
    assertThat(io.isRetriable(new java.net.ConnectException())).isTrue();
    assertThat(io.isRetriable(new UncheckedIOException(new IOException()))).isTrue();
    assertThat(io.isRetriable(new IllegalStateException())).isFalse();
    assertThat(io.isRetriable(null)).isFalse();
    assertThat(io.and(f -> f.getMessage() != null).isRetriable(new IOException())).isFalse();
    assertThatThrownBy(RetryClassifier::instancesOf).isInstanceOf(IllegalArgumentException.class);
  }
}
