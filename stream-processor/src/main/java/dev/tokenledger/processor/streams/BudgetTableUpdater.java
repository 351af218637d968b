package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Budget;
import dev.tokenledger.processor.budget.BudgetBook;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Follows the compacted budget topic into the global budget store and the in-memory {@link BudgetBook}. */
final class BudgetTableUpdater implements Processor<String, Budget, Void, Void> {

  private final BudgetBook book;
  private KeyValueStore<String, Budget> store;

  BudgetTableUpdater(BudgetBook book) {
    this.book = book;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.BUDGETS);
  }

  @Override
  public void process(Record<String, Budget> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      book.remove(record.key());
      return;
    }
    store.put(record.key(), record.value());
    book.put(record.value());
  }
}
