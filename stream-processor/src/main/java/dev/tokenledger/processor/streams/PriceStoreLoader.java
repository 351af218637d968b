package dev.tokenledger.processor.streams;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.processor.pricing.PriceBook;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Fills a {@link PriceBook} from the global price store (after restoration). */
final class PriceStoreLoader {

  private PriceStoreLoader() {}

  static void load(ReadOnlyKeyValueStore<String, ModelPrice> store, PriceBook book) {
    try (KeyValueIterator<String, ModelPrice> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, ModelPrice> kv = it.next();
        if (kv.value != null) {
          book.put(kv.value);
        }
      }
    }
  }
}
