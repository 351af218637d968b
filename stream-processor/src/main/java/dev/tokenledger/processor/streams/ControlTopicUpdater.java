package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a compacted control topic (prices, budgets) into its global store (raw record bytes) and the
 * in-memory view built from it. The value arrives as bytes and is decoded here, so a record that cannot
 * be decoded, or whose key does not fit its value, is rejected and skipped instead of being dropped
 * silently by a deserialization handler or stopping every instance.
 *
 * <p>A rejection is kept in the same global store under {@code !rejected|<topic>/<partition>/<offset>}
 * (the encoded {@link RejectedEvent}), so it survives restarts exactly like the store's checkpoint does,
 * and is handed to {@link ControlTopicRejects}; the task of partition 0 publishes each once. The
 * in-memory view is filled only by this processor, on the global thread (its {@link #init} runs after the
 * store is restored and before any stream thread starts), so no stream thread can re-insert an entry a
 * tombstone has just removed. A registry that cannot be reached is an infrastructure fault: it is thrown
 * (the process exits to be restarted), never turned into a rejection.
 *
 * @param <V> the record type of the topic
 */
abstract class ControlTopicUpdater<V extends SpecificRecord> implements Processor<String, byte[], Void, Void> {

  /** Key prefix of the rejections kept in the store; record keys of the control topics never start with '!'. */
  static final String REJECTED_PREFIX = "!rejected|";

  private static final Logger LOG = LoggerFactory.getLogger(ControlTopicUpdater.class);
  /** Schema incompatibilities can run to pages; the payload holds the rest. */
  private static final int MAX_MESSAGE = 1000;

  private final String topic;
  private final String storeName;
  private final AvroSerde<V> serde;
  private final AvroSerde<RejectedEvent> rejectedSerde;
  private final String rejectedTopic;
  private final ControlTopicRejects rejects;
  private final Clock clock;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  ControlTopicUpdater(String topic, String storeName, AvroSerde<V> serde, AvroSerde<RejectedEvent> rejectedSerde,
      String rejectedTopic, ControlTopicRejects rejects, Clock clock) {
    this.topic = topic;
    this.storeName = storeName;
    this.serde = serde;
    this.rejectedSerde = rejectedSerde;
    this.rejectedTopic = rejectedTopic;
    this.rejects = rejects;
    this.clock = clock;
  }

  /** Loads the in-memory view and the kept rejections from the (restored) store. */
  @Override
  public final void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (kv.key.startsWith(REJECTED_PREFIX)) {
          rejects.add(rejectedSerde.decode(rejectedTopic, kv.value));
        } else if (kv.value != null) {
          decoded(kv.key, kv.value).ifPresent(v -> applied(kv.key, v));
        }
      }
    }
  }

  @Override
  public final void process(Record<String, byte[]> record) {
    if (record.key() == null || record.key().startsWith("!")) {
      reject(RejectReason.INVALID_EVENT, "record without a usable key ('" + record.key() + "') on " + topic, record.value());
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
    store.put(record.key(), record.value());
    applied(record.key(), value);
  }

  /** Why this record cannot be used (its key does not identify its value, its values are out of range), if so. */
  abstract Optional<String> problem(String key, V value);

  /** The record was stored: update the in-memory view. */
  abstract void applied(String key, V value);

  /** A tombstone for {@code key} was stored. */
  abstract void removed(String key);

  private Optional<V> decoded(String key, byte[] bytes) {
    try {
      return Optional.of(serde.decode(topic, bytes));
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {   // stored by an earlier version that did not check: skip it
      LOG.error("ignoring stored record {} of {}: {}", key, topic, e.getMessage());
      return Optional.empty();
    }
  }

  private void reject(RejectReason reason, String fullMessage, byte[] payload) {
    String message = fullMessage.length() > MAX_MESSAGE ? fullMessage.substring(0, MAX_MESSAGE) + "…" : fullMessage;
    RejectedEvent rejected = Rejections.of(reason, "control topic " + topic + ": " + message + "; the record is ignored", null,
        payload, context.recordMetadata(), clock.instant());
    String origin = Rejections.originKey(rejected);
    LOG.error("ignoring a record of {}: {} ({})", topic, message, origin);
    store.put(REJECTED_PREFIX + origin, rejectedSerde.encode(rejectedTopic, rejected));
    rejects.add(rejected);
  }
}
