package dev.tokenledger.api.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Remembers spend answers for a short time, so a dashboard's or a team's identical questions cost the
 * warehouse once per {@code ttl} instead of once per request, and identical questions asked at the same
 * moment run once (the others wait for that answer). The key is the whole question after the caller's
 * scope was added, so an answer is only ever reused for a question with the same scope: a developer's
 * question carries their user id, a manager's their teams, everyone's their organisation.
 *
 * <p>Answers may be up to {@code ttl} old; the pipeline itself is seconds behind the assistants, so a
 * few seconds more change nothing a reader can act on. Failures are never remembered: when a shared run
 * fails (for example, cancelled because the first asker went away), the waiting askers ask again, one
 * of them running it under its own query id. Session detail is not cached.
 */
public final class CachingSpendRepository implements SpendRepository {

  private final SpendRepository delegate;
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final Map<SpendQuery, Entry> entries;

  private record Entry(CompletableFuture<Page<SpendRow>> answer, Instant expires) {}

  public CachingSpendRepository(SpendRepository delegate, Duration ttl, int maxEntries, Clock clock) {
    if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("a cache needs a positive ttl and size: " + ttl + ", " + maxEntries);
    }
    this.delegate = delegate;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<SpendQuery, Entry> eldest) {
        return size() > CachingSpendRepository.this.maxEntries;
      }
    };
  }

  /** {@code delegate} itself when {@code ttl} is zero (caching off), else a cache over it. */
  public static SpendRepository over(SpendRepository delegate, Duration ttl, int maxEntries, Clock clock) {
    return ttl.isZero() ? delegate : new CachingSpendRepository(delegate, ttl, maxEntries, clock);
  }

  @Override
  public Page<SpendRow> spend(SpendQuery query, QueryId id) {
    while (true) {
      CompletableFuture<Page<SpendRow>> mine = new CompletableFuture<>();
      CompletableFuture<Page<SpendRow>> shared;
      synchronized (entries) {
        Instant now = clock.instant();
        Entry e = entries.get(query);
        if (e != null && (now.isBefore(e.expires()) || !e.answer().isDone())) {
          shared = e.answer();
        } else {
          entries.put(query, new Entry(mine, now.plus(ttl)));
          shared = null;
        }
      }
      if (shared == null) {
        return ask(query, id, mine);
      }
      try {
        return shared.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WarehouseException("interrupted while waiting for an answer", e);
      } catch (ExecutionException e) {
        // The shared run failed (and was forgotten): ask again, this time perhaps as the one who runs it.
      }
    }
  }

  private Page<SpendRow> ask(SpendQuery query, QueryId id, CompletableFuture<Page<SpendRow>> mine) {
    try {
      Page<SpendRow> answer = delegate.spend(query, id);
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      synchronized (entries) {
        Entry current = entries.get(query);
        if (current != null && current.answer() == mine) {
          entries.remove(query);
        }
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  @Override
  public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
    return delegate.session(query, id);
  }

  @Override
  public void cancel(QueryId id) {
    delegate.cancel(id);
  }

  /** Answers remembered now (for tests and metrics). */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
