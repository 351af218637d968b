package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.retry.RetriesExhaustedException;
import dev.tokenledger.retry.RetryClassifier;
import dev.tokenledger.retry.RetryLoop;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's queue and the threads that drain it ({@code concurrency} requests under way at most):
 * each job is attempted under the channel's rate limit and retried by the policy; the outcome goes to
 * {@code settled}. A slow or failing channel only delays its own queue. Jobs of one channel may complete
 * out of order when several threads drain it (each breach is a message of its own). {@link #stop} lets an HTTP attempt under way finish (its answer is settled, so a stop does
 * not cut a request off), but ends any wait at once; a job stopped while waiting is not settled and is
 * attempted again after the restart.
 */
public final class ChannelWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);
  private static final RetryClassifier RETRIABLE = f -> f instanceof DeliveryException d && d.retriable();

  private final Channel channel;
  private final TokenBucket bucket;
  private final RetryLoop retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<Settlement> settled;
  private final BlockingQueue<DeliveryJob> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Object lock = new Object();
  private volatile boolean stopping;
  private final Set<Thread> inAttempt = new HashSet<>();   // guarded by lock

  /** Thrown inside the retry loop when the worker stops before an attempt; never retried. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  /**
   * @param policy retries of one delivery (I/O failures, 408, 429 and 5xx are retried; other answers are final)
   * @param sleeper waits for the rate limit and between attempts (tests pass one that does not sleep)
   */
  public ChannelWorker(Channel channel, TokenBucket bucket, RetryPolicy policy, Sleeper sleeper, Clock clock,
      Consumer<Settlement> settled) {
    this(channel, bucket, policy, sleeper, clock, settled, 1);
  }

  /** A worker with {@code concurrency} threads (1..32), so that many requests may be under way at once. */
  public ChannelWorker(Channel channel, TokenBucket bucket, RetryPolicy policy, Sleeper sleeper, Clock clock,
      Consumer<Settlement> settled, int concurrency) {
    if (concurrency < 1 || concurrency > 32) {
      throw new IllegalArgumentException("concurrency must be 1..32: " + concurrency);
    }
    this.channel = channel;
    this.bucket = bucket;
    this.retry = RetryLoop.of(policy, RETRIABLE).withSleeper(sleeper);
    this.sleeper = sleeper;
    this.clock = clock;
    this.settled = settled;
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(this::drain, "alerts-channel-" + channel.name() + (concurrency == 1 ? "" : "-" + i));
      t.setDaemon(true);
      threads.add(t);
    }
  }

  public String channel() {
    return channel.name();
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  public void submit(DeliveryJob job) {
    queue.add(job);
  }

  /** Removes the queued (not yet started) jobs of the given partitions; returns how many. */
  public int drop(IntPredicate partitions) {
    int before = queue.size();
    queue.removeIf(j -> partitions.test(j.partition()));
    return before - queue.size();
  }

  boolean isStopping() {
    return stopping;
  }

  /** The name of the channel this worker delivers to. */
  public String channelName() {
    return channel.name();
  }

  public int queued() {
    return queue.size();
  }

  /**
   * Ends the thread: a wait ends at once, an HTTP attempt under way is awaited up to {@code wait} (then
   * interrupted).
   */
  public void stop(Duration wait) throws InterruptedException {
    synchronized (lock) {
      stopping = true;
      for (Thread t : threads) {
        if (!inAttempt.contains(t)) {
          t.interrupt();
        }
      }
    }
    long deadline = System.nanoTime() + Math.max(1, wait.toMillis()) * 1_000_000L;
    for (Thread t : threads) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
    }
    for (Thread t : threads) {
      if (t.isAlive()) {
        t.interrupt();
        t.join(1_000);
      }
    }
  }

  private void drain() {
    while (!stopping) {
      DeliveryJob job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      deliver(job).ifPresent(settled);
    }
  }

  /** Attempts one job to the end; empty when interrupted (left unsettled). */
  public Optional<Settlement> deliver(DeliveryJob job) {
    String idempotencyKey = job.key().idempotencyKey();
    int[] attempts = {0};
    try {
      retry.call(() -> {
        Duration wait = bucket.reserve();
        if (!wait.isZero()) {
          try {
            sleeper.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the loop's next wait ends the job unsettled
            throw new DeliveryException("interrupted", true);
          }
        }
        synchronized (lock) {
          if (stopping) {
            throw new Stopped();
          }
          inAttempt.add(Thread.currentThread());
        }
        attempts[0]++;
        try {
          if (job.digest() != null) {
            channel.deliverDigest(job.digest(), idempotencyKey);
          } else if (job.variance() != null) {
            channel.deliverVariance(job.variance(), idempotencyKey);
          } else {
            channel.deliver(job.alert(), idempotencyKey);
          }
        } catch (DeliveryException e) {
          e.retryAfter().ifPresent(pause -> {
            Duration applied = bucket.pauseFor(pause);
            LOG.info("channel {} asked for a pause of {} s; holding the channel {} s", channel.name(), pause.toSeconds(),
                applied.toSeconds());
          });
          throw e;
        } finally {
          synchronized (lock) {
            inAttempt.remove(Thread.currentThread());
            if (stopping) {
              Thread.currentThread().interrupt();   // no further wait: a failed attempt ends the job unsettled
            }
          }
        }
        return null;
      });
      LOG.info("delivered breach {} to channel {} (attempts {})", job.key().breachId(), channel.name(), attempts[0]);
      return Optional.of(Settlement.delivered(job.key(), clock.instant(), attempts[0]));
    } catch (RetriesExhaustedException e) {
      if (e.interrupted() || stopping) {
        return Optional.empty();
      }
      return deadLetter(job, attempts[0], e.lastFailure().getMessage() + " (gave up after " + attempts[0] + " attempts)");
    } catch (DeliveryException e) {
      return deadLetter(job, attempts[0], e.getMessage() + " (refused, not retried)");
    } catch (Stopped e) {
      return Optional.empty();
    }
  }

  private Optional<Settlement> deadLetter(DeliveryJob job, int attempts, String reason) {
    LOG.warn("dead-lettered breach {} for channel {}: {}", job.key().breachId(), channel.name(), reason);
    return Optional.of(Settlement.deadLettered(job.key(), clock.instant(), attempts, reason));
  }
}
