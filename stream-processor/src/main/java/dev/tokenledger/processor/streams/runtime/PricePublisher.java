package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.settings.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a price catalogue to the compacted price topic. With {@code withdraw}, the topic is made to
 * hold exactly the catalogue: tombstones for the overrides it no longer has
 * ({@link PriceCatalogLoader#replacing}) — what {@code streams prices} does, the one place where an
 * organisation changes its prices. The start-up publication of every instance never withdraws (an
 * instance started with another or no overrides file must not remove the organisation's overrides); it
 * names the overrides on the topic that its own file lacks.
 */
public final class PricePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(PricePublisher.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** What a publication did. */
  public record Result(int published, List<String> withdrawn) {}

  private PricePublisher() {}

  public static Result publish(KafkaConnection bootstrapServers, String topic, AvroSerde<ModelPrice> serde, List<ModelPrice> catalogue,
      boolean withdraw) {
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
    var replacing = PriceCatalogLoader.replacing(current, catalogue);
    List<String> removed = replacing.stream().filter(r -> r.getValue() == null).map(Map.Entry::getKey).toList();
    if (withdraw) {
      RecordPublisher.publish(bootstrapServers, topic, serde, replacing);
      if (!removed.isEmpty()) {
        LOG.info("withdrew {} override versions no longer configured: {}", removed.size(), removed);
      }
      return new Result(catalogue.size(), removed);
    }
    RecordPublisher.publish(bootstrapServers, topic, serde, PriceCatalogLoader.asRecords(catalogue));
    if (!removed.isEmpty()) {
      LOG.warn("the price topic holds {} override versions that this instance's overrides file does not: {};"
          + " they stay in force until `streams prices` is run with the organisation's overrides file", removed.size(), removed);
    }
    return new Result(catalogue.size(), List.of());
  }
}
