package dev.tokenledger.api.query;

import java.util.List;

/** Answers spend questions from the warehouse. */
public interface SpendRepository {

  /** The rows of {@code query}; throws {@link WarehouseException} when the warehouse cannot answer. */
  List<SpendRow> spend(SpendQuery query);
}
