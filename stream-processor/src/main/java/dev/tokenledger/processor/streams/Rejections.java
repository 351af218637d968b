package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectStage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the {@link RejectedEvent}s of the stream processor, with the record's origin when known. */
final class Rejections {

  private Rejections() {}

  static RejectedEvent of(RejectReason reason, String message, UsageEvent event, byte[] payload,
      Optional<RecordMetadata> origin, Instant now) {
    return RejectedEvent.newBuilder()
        .setStage(RejectStage.STREAMS)
        .setReason(reason)
        .setMessage(message)
        .setEventId(event == null ? null : event.getEventId())
        .setModel(event == null ? null : event.getModel())
        .setSourceTopic(origin.map(RecordMetadata::topic).orElse(null))
        .setSourcePartition(origin.map(RecordMetadata::partition).orElse(null))
        .setSourceOffset(origin.map(RecordMetadata::offset).orElse(null))
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setEvent(event)
        .setRejectedTime(now)
        .build();
  }

  /**
   * {@code event} in the wire format, for a replay, encoded under {@code topic}'s subject (schema ids are
   * global, so the bytes decode on the usage topic too); null if that fails — the rejection still holds
   * the decoded event, and no encoding problem may stop a task.
   */
  static byte[] payload(AvroSerde<UsageEvent> serde, String topic, UsageEvent event) {
    try {
      return serde.encode(topic, event);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The key on the rejected topic: the event id when known, else topic/partition/offset. */
  static String key(RejectedEvent r) {
    if (r.getEventId() != null && !r.getEventId().isBlank()) {
      return r.getEventId();
    }
    return originKey(r);
  }

  /** {@code topic/partition/offset} of the rejected record. */
  static String originKey(RejectedEvent r) {
    return r.getSourceTopic() + "/" + r.getSourcePartition() + "/" + r.getSourceOffset();
  }
}
