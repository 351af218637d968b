package dev.tokenledger.api.query;

import java.util.Optional;

/**
 * Answers spend questions from the warehouse. Every question runs under a caller-given {@link QueryId}
 * and within the configured limits: a question over a limit throws {@link QueryLimitException}, a
 * warehouse that cannot answer {@link WarehouseException}.
 */
public interface SpendRepository {

  /** One page of the rows of {@code query}. */
  Page<SpendRow> spend(SpendQuery query, QueryId id);

  /** The session with its page of requests, or empty when no event of it lies within the query's scope. */
  Optional<SessionDetail> session(SessionQuery query, QueryId id);

  /** Stops query {@code id} if it still runs (best effort: the client went away or the server stops). */
  void cancel(QueryId id);
}
