package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a price catalogue to the compacted price topic so that the topic holds exactly it: the
 * catalogue's versions, and tombstones for the overrides it no longer has
 * ({@link PriceCatalogLoader#replacing}). Used by {@code streams prices} and at stream-processor start.
 */
public final class PricePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(PricePublisher.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** What a publication did. */
  public record Result(int published, List<String> withdrawn) {}

  private PricePublisher() {}

  public static Result publish(String bootstrapServers, String topic, AvroSerde<ModelPrice> serde, List<ModelPrice> catalogue) {
    Map<String, ModelPrice> current = new HashMap<>();
    CompactedTopicReader.latest(bootstrapServers, topic, READ_TIMEOUT).forEach((key, bytes) -> {
      try {
        current.put(key, serde.decode(topic, bytes));
      } catch (WireFormatException.RegistryUnavailable e) {
        throw e;
      } catch (WireFormatException e) {
        LOG.warn("price record {} on {} cannot be decoded and is left alone: {}", key, topic, e.getMessage());
      }
    });
    var records = PriceCatalogLoader.replacing(current, catalogue);
    List<String> withdrawn = records.stream().filter(r -> r.getValue() == null).map(Map.Entry::getKey).toList();
    RecordPublisher.publish(bootstrapServers, topic, serde, records);
    if (!withdrawn.isEmpty()) {
      LOG.info("withdrew {} override versions no longer configured: {}", withdrawn.size(), withdrawn);
    }
    return new Result(catalogue.size(), withdrawn);
  }
}
