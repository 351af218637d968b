package dev.tokenledger.processor.streams;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.processor.pricing.PriceBook;
import dev.tokenledger.processor.pricing.PriceKey;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted price topic into the global price store and the in-memory {@link PriceBook}
 * (a tombstone removes one version). Records whose key is not {@code provider/model@effectiveFrom} of
 * their value are logged and skipped: the key is the version's identity in the compacted topic.
 */
final class PriceTableUpdater implements Processor<String, ModelPrice, Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(PriceTableUpdater.class);
  private final PriceBook book;
  private KeyValueStore<String, ModelPrice> store;

  PriceTableUpdater(PriceBook book) {
    this.book = book;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.PRICES);
  }

  @Override
  public void process(Record<String, ModelPrice> record) {
    PriceKey key;
    try {
      key = PriceKey.parse(record.key());
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping price record: {}", e.getMessage());
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      book.remove(key);
      return;
    }
    if (!PriceKey.of(record.value()).equals(key)) {
      LOG.warn("skipping price record: key {} does not match its value {}", key, PriceKey.of(record.value()));
      return;
    }
    store.put(record.key(), record.value());
    book.put(record.value());
  }
}
