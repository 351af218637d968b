package dev.tokenledger.warehouse.clickhouse;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation, retrying {@link ClickHouseException.Unavailable} with the backoff of a
 * {@link RetryPolicy}; other failures pass through at once. When the policy's time is used up the
 * last failure is thrown as {@link RetriesExhausted}.
 */
public final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** Waits; injectable so tests do not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Retrying stopped: the service stayed unavailable for the whole retry time. */
  public static final class RetriesExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetriesExhausted(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private final Runnable onRetry;

  public Retrier(RetryPolicy policy, Sleeper sleeper, LongSupplier nanoTime, Runnable onRetry) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
    this.onRetry = onRetry;
  }

  public static Retrier system(RetryPolicy policy, Runnable onRetry) {
    return new Retrier(policy, d -> Thread.sleep(d.toMillis()), System::nanoTime, onRetry);
  }

  public void run(String what, Runnable op) {
    call(what, () -> {
      op.run();
      return null;
    });
  }

  public <T> T call(String what, Supplier<T> op) {
    long firstFailure = 0;
    int attempt = 0;
    while (true) {
      try {
        T result = op.get();
        if (attempt > 0) {
          LOG.info("{}: succeeded after {} retries", what, attempt);
        }
        return result;
      } catch (ClickHouseException.Unavailable e) {
        long now = nanoTime.getAsLong();
        if (attempt == 0) {
          firstFailure = now;
        }
        attempt++;
        Duration wait = policy.backoff(attempt);
        Duration spent = Duration.ofNanos(now - firstFailure);
        if (spent.plus(wait).compareTo(policy.giveUpAfter()) > 0) {
          throw new RetriesExhausted(what + ": still failing after " + attempt + " attempts over "
              + spent.toSeconds() + " s: " + e.getMessage(), e);
        }
        LOG.warn("{}: attempt {} failed ({}); retrying in {} ms", what, attempt, e.getMessage(), wait.toMillis());
        onRetry.run();
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new RetriesExhausted(what + ": interrupted while waiting to retry", e);
        }
      }
    }
  }
}
