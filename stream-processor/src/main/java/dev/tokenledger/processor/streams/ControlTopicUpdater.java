package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a compacted control topic (prices, budgets) into its global store. The record value arrives
 * as bytes and is decoded here, so a record that cannot be decoded, or whose key does not fit its value,
 * is reported ({@link ControlTopicRejects}: on {@code usage.rejected.v1} once, with its payload) and
 * skipped instead of being dropped silently by a deserialization handler or stopping every instance. A
 * registry that cannot be reached is an infrastructure fault: it is thrown (the global thread stops and
 * the process exits to be restarted), never turned into a rejection.
 *
 * @param <V> the record type of the topic
 */
abstract class ControlTopicUpdater<V extends org.apache.avro.specific.SpecificRecord>
    implements Processor<String, byte[], Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlTopicUpdater.class);
  /** Schema incompatibilities can run to pages; the payload holds the rest. */
  private static final int MAX_MESSAGE = 1000;

  private final String topic;
  private final AvroSerde<V> serde;
  private final ControlTopicRejects rejects;
  private final Clock clock;
  private final String storeName;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, V> store;

  ControlTopicUpdater(String topic, String storeName, AvroSerde<V> serde, ControlTopicRejects rejects, Clock clock) {
    this.topic = topic;
    this.storeName = storeName;
    this.serde = serde;
    this.rejects = rejects;
    this.clock = clock;
  }

  @Override
  public final void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public final void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      reject(RejectReason.INVALID_EVENT, "record without a key on " + topic, record.value());
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      removed(record.key());
      return;
    }
    V value;
    try {
      value = serde.decode(topic, record.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      reject(RejectReason.DESERIALIZATION, e.getClass().getSimpleName() + ": " + e.getMessage(), record.value());
      return;
    }
    Optional<String> problem = problem(record.key(), value);
    if (problem.isPresent()) {
      reject(RejectReason.INVALID_EVENT, problem.get(), record.value());
      return;
    }
    store.put(record.key(), value);
    applied(record.key(), value);
  }

  /** Why this record cannot be used (its key does not identify its value, its values are out of range), if so. */
  abstract Optional<String> problem(String key, V value);

  /** The record was stored: update the in-memory view. */
  abstract void applied(String key, V value);

  /** A tombstone for {@code key} was stored. */
  abstract void removed(String key);

  private void reject(RejectReason reason, String fullMessage, byte[] payload) {
    String message = fullMessage.length() > MAX_MESSAGE ? fullMessage.substring(0, MAX_MESSAGE) + "…" : fullMessage;
    var rejected = Rejections.of(reason, "control topic " + topic + ": " + message + "; the record is ignored", null, payload,
        context.recordMetadata(), clock.instant());
    LOG.error("ignoring a record of {}: {} ({})", topic, message, Rejections.originKey(rejected));
    rejects.add(rejected);
  }
}
