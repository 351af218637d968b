package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.WarehouseException;

/**
 * Reads the {@link EfficiencyFacts} of a question from the warehouse, under the caller's query id and
 * within the configured limits (like every spend question: {@code QueryLimitException} over a limit,
 * {@code WarehouseException} when the warehouse cannot answer).
 */
public interface EfficiencyRepository {

  /**
   * The facts of {@code query}; {@code settings} give the outlier baseline and what a trivial turn is.
   */
  EfficiencyFacts facts(EfficiencyQuery query, EfficiencySettings settings, QueryId id);

  /** A repository that cannot answer (a server wired without one): every question is a 503. */
  static EfficiencyRepository unavailable() {
    return (query, settings, id) -> {
      throw new WarehouseException("efficiency figures are not available on this server");
    };
  }
}
