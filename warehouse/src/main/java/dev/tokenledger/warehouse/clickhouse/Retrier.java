package dev.tokenledger.warehouse.clickhouse;

import dev.tokenledger.retry.RetriesExhaustedException;
import dev.tokenledger.retry.RetryClassifier;
import dev.tokenledger.retry.RetryListener;
import dev.tokenledger.retry.RetryLoop;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation, retrying {@link ClickHouseException.Unavailable} with the backoff of a
 * {@link RetryPolicy}; other failures pass through at once. When the policy's time is used up the
 * last failure is thrown as {@link RetriesExhausted}. A {@link RetryLoop} of the shared retry policy
 * (ADR 0307) with ClickHouse's classifier ({@link #RETRIABLE}) and the warehouse's log lines.
 */
public final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** What the warehouse retries: ClickHouse unreachable, overloaded or timing out. */
  public static final RetryClassifier RETRIABLE = RetryClassifier.instancesOf(ClickHouseException.Unavailable.class);

  /** Waits; injectable so tests do not sleep. */
  @FunctionalInterface
  public interface Sleeper extends dev.tokenledger.retry.Sleeper { }

  /** Retrying stopped: the service stayed unavailable for the whole retry time. */
  public static final class RetriesExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetriesExhausted(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final RetryLoop loop;
  private final Runnable onRetry;

  public Retrier(RetryPolicy policy, Sleeper sleeper, LongSupplier nanoTime, Runnable onRetry) {
    this.loop = RetryLoop.of(policy.shared(), RETRIABLE).withSleeper(sleeper).withNanoTime(nanoTime);
    this.onRetry = onRetry;
  }

  public static Retrier system(RetryPolicy policy, Runnable onRetry) {
    return new Retrier(policy, dev.tokenledger.retry.Sleeper.SYSTEM::sleep, System::nanoTime, onRetry);
  }

  public void run(String what, Runnable op) {
    call(what, () -> {
      op.run();
      return null;
    });
  }

  public <T> T call(String what, Supplier<T> op) {
    try {
      return loop.withListener(new RetryListener() {
        @Override
        public void retrying(int failures, Throwable failure, Duration wait) {
          LOG.warn("{}: attempt {} failed ({}); retrying in {} ms", what, failures, failure.getMessage(), wait.toMillis());
          onRetry.run();
        }

        @Override
        public void recovered(int failures) {
          LOG.info("{}: succeeded after {} retries", what, failures);
        }
      }).call(op::get);
    } catch (RetriesExhaustedException e) {
      if (e.interrupted()) {
        throw new RetriesExhausted(what + ": interrupted while waiting to retry", e.lastFailure());
      }
      throw new RetriesExhausted(what + ": still failing after " + e.attempts() + " attempts over "
          + e.elapsed().toSeconds() + " s: " + e.lastFailure().getMessage(), e.lastFailure());
    }
  }
}
