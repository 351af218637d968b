package dev.tokenledger.api.budget;

import dev.tokenledger.api.query.QueryId;
import java.math.BigDecimal;

/**
 * The spend a budget limits, from the warehouse: the cost of the organisation's priced usage within one
 * scope value and window. Throws the query package's warehouse exceptions when it cannot answer.
 */
public interface BudgetSpendSource {

  BigDecimal spend(String orgId, BudgetScope scope, String value, SpendWindow window, QueryId id);
}
