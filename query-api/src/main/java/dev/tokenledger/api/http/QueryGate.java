package dev.tokenledger.api.http;

import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SpendRepository;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs warehouse questions: at most a fixed number at once (the rest wait briefly, then 503, so request
 * threads stay free for {@code /health}), each cancelled in the warehouse when its client goes away or
 * the server stops.
 */
final class QueryGate {

  private static final Logger LOG = LoggerFactory.getLogger(QueryGate.class);

  private final SpendRepository repository;
  private final Semaphore slots;
  private final Duration queueWait;
  private final Set<QueryId> running = ConcurrentHashMap.newKeySet();
  private final Duration watchAfter;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "api-client-watch");
    t.setDaemon(true);
    return t;
  });

  QueryGate(SpendRepository repository, int maxConcurrent, Duration queueWait, Duration watchAfter) {
    this.repository = repository;
    this.watchAfter = watchAfter;
    this.slots = new Semaphore(maxConcurrent, true);
    this.queueWait = queueWait;
  }

  <T> T run(Context ctx, QueryId id, Supplier<T> question) {
    try {
      if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw ApiException.busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.busy();
    }
    running.add(id);
    try (ClientWatch ignored = ClientWatch.start(ctx, () -> cancel(id, "the client went away"), timer, watchAfter)) {
      return question.get();
    } finally {
      running.remove(id);
      slots.release();
    }
  }

  /** Cancels every question still running (the server stops). */
  void cancelAll() {
    running.forEach(id -> cancel(id, "the server stops"));
    timer.shutdownNow();
  }

  private void cancel(QueryId id, String why) {
    LOG.info("cancelling query {}: {}", id, why);
    try {
      repository.cancel(id);
    } catch (RuntimeException e) {
      LOG.warn("could not cancel query {}: {}", id, e.toString());
    }
  }
}
