package dev.tokenledger.processor.streams;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.time.Clock;
import java.util.Optional;

/**
 * Follows the compacted price topic into the global price store and the in-memory {@link PriceBook}
 * (a tombstone removes one version). A record whose key is not {@code provider/model@effectiveFrom} of
 * its value is rejected: the key is the version's identity in the compacted topic.
 */
final class PriceTableUpdater extends ControlTopicUpdater<ModelPrice> {

  private final PriceBook book;

  PriceTableUpdater(String topic, AvroSerde<ModelPrice> serde, AvroSerde<RejectedEvent> rejectedSerde, String rejectedTopic,
      PriceBook book, ControlTopicRejects rejects, Clock clock) {
    super(topic, StoreNames.PRICES, serde, rejectedSerde, rejectedTopic, rejects, clock);
    this.book = book;
  }

  @Override
  Optional<String> problem(String key, ModelPrice value) {
    PriceKey parsed;
    try {
      parsed = PriceKey.parse(key);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    PriceKey own;
    try {
      own = PriceKey.of(value);
    } catch (IllegalArgumentException e) {
      return Optional.of("invalid price: " + e.getMessage());
    }
    if (!own.equals(parsed)) {
      return Optional.of("key " + parsed + " does not match its value " + own);
    }
    return Optional.empty();
  }

  @Override
  void applied(String key, ModelPrice value) {
    book.put(value);
  }

  @Override
  void removed(String key) {
    try {
      book.remove(PriceKey.parse(key));
    } catch (IllegalArgumentException e) {
      // a tombstone for a key that was never a price: nothing to remove
    }
  }
}
