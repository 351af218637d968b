package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.processor.budget.BudgetBook;
import dev.tokenledger.processor.budget.BudgetBreachDetector;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Follows the compacted budget topic into the global budget store and the in-memory {@link BudgetBook}.
 * A budget is keyed {@code <orgId>|<budgetId>} ({@link BudgetKeys}), so two organisations may use the
 * same budget id; a record keyed by a bare budget id (written before keys were scoped) is still
 * accepted when the id is its value's. A record whose key names another budget, or whose values are
 * unusable, is rejected.
 */
final class BudgetTableUpdater extends ControlTopicUpdater<Budget> {

  private final BudgetBook book;

  BudgetTableUpdater(String topic, AvroSerde<Budget> serde, AvroSerde<RejectedEvent> rejectedSerde, String rejectedTopic,
      BudgetBook book, ControlTopicRejects rejects, Clock clock) {
    super(topic, StoreNames.BUDGETS, serde, rejectedSerde, rejectedTopic, rejects, clock);
    this.book = book;
  }

  @Override
  Optional<String> problem(String key, Budget value) {
    if (!BudgetKeys.matches(key, value)) {
      return Optional.of("key '" + key + "' is not " + BudgetKeys.of(value) + " of its budget");
    }
    List<String> problems = BudgetBreachDetector.problems(value);
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  @Override
  void applied(String key, Budget value) {
    book.put(key, value);
  }

  @Override
  void removed(String key) {
    book.remove(key);
  }
}
