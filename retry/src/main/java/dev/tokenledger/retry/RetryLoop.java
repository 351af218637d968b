package dev.tokenledger.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Runs an operation under a {@link RetryPolicy}: a failure the caller's {@link RetryClassifier} calls
 * retriable is followed by the policy's wait and another attempt; any other failure is thrown to the
 * caller at once, unchanged. When the policy's attempts or time are used up, or the wait is interrupted,
 * {@link RetriesExhaustedException} carries the last failure.
 *
 * <p>Elapsed time is read from a monotonic nanosecond source ({@link System#nanoTime} by default), not
 * from a wall clock that may jump; the sleeper, the time source and the jitter draw are injectable so
 * tests run without waiting. Immutable and thread-safe: one loop may serve many calls.
 */
public final class RetryLoop {

  /** One attempt of the operation. */
  @FunctionalInterface
  public interface Attempt<T, E extends Exception> {
    T run() throws E;
  }

  private final RetryPolicy policy;
  private final RetryClassifier classifier;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;
  private final RetryListener listener;

  private RetryLoop(RetryPolicy policy, RetryClassifier classifier, Sleeper sleeper, LongSupplier nanoTime,
      DoubleSupplier random, RetryListener listener) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A loop that really sleeps, reads {@link System#nanoTime} and draws jitter from a thread-local random. */
  public static RetryLoop of(RetryPolicy policy, RetryClassifier classifier) {
    return new RetryLoop(policy, classifier, Sleeper.SYSTEM, System::nanoTime,
        () -> ThreadLocalRandom.current().nextDouble(), RetryListener.NONE);
  }

  public RetryLoop withSleeper(Sleeper sleeper) {
    return new RetryLoop(policy, classifier, sleeper, nanoTime, random, listener);
  }

  /** @param nanoTime a monotonic time source in nanoseconds, like {@link System#nanoTime} */
  public RetryLoop withNanoTime(LongSupplier nanoTime) {
    return new RetryLoop(policy, classifier, sleeper, nanoTime, random, listener);
  }

  /** @param random uniform draws in {@code [0, 1)} for the policy's jitter */
  public RetryLoop withRandom(DoubleSupplier random) {
    return new RetryLoop(policy, classifier, sleeper, nanoTime, random, listener);
  }

  public RetryLoop withListener(RetryListener listener) {
    return new RetryLoop(policy, classifier, sleeper, nanoTime, random, listener);
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code op} until it succeeds, fails for good, or the policy gives up.
   *
   * @throws E a failure the classifier does not retry, as thrown by {@code op}
   * @throws RetriesExhaustedException retriable failures went on past the policy's limits, or the wait
   *     before the next attempt was interrupted (the interrupt flag is then set again)
   */
  public <T, E extends Exception> T call(Attempt<T, E> op) throws E, RetriesExhaustedException {
    int failures = 0;
    long firstFailure = 0;
    while (true) {
      T result;
      try {
        result = op.run();
      } catch (Exception e) {
        if (!classifier.isRetriable(e)) {
          throw RetryLoop.<E>rethrow(e);
        }
        long now = nanoTime.getAsLong();
        if (failures == 0) {
          firstFailure = now;
        }
        failures++;
        Duration elapsed = Duration.ofNanos(now - firstFailure);
        if (!policy.attemptsLeft(failures)) {
          throw new RetriesExhaustedException(failures, elapsed, false, e);
        }
        Duration wait = policy.delay(failures, policy.jitter() == 0.0 ? 0.0 : random.getAsDouble());
        if (!policy.withinDeadline(elapsed, wait)) {
          throw new RetriesExhaustedException(failures, elapsed, false, e);
        }
        listener.retrying(failures, e, wait);
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          RetriesExhaustedException stop = new RetriesExhaustedException(failures, elapsed, true, e);
          stop.addSuppressed(ie);
          throw stop;
        }
        continue;
      }
      if (failures > 0) {
        listener.recovered(failures);
      }
      return result;
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    if (e instanceof RuntimeException re) {
      throw re;
    }
    throw (E) e; // op declares only E besides unchecked exceptions
  }
}
