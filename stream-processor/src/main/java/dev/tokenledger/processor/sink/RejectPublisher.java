package dev.tokenledger.processor.sink;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectStage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageEvent;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends records the warehouse cannot store to the rejected topic with stage SINK, the reason and the
 * raw value (for replay). {@link #flush} waits for every acknowledgement; the sink commits a batch's
 * offsets only after it, so a rejection is never lost either.
 */
final class RejectPublisher {

  private final Producer<String, RejectedEvent> producer;
  private final String topic;
  private final Clock clock;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();   // guarded by this

  RejectPublisher(Producer<String, RejectedEvent> producer, String topic, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.clock = clock;
  }

  synchronized void reject(ConsumerRecord<byte[], byte[]> source, RejectReason reason, String message, String eventId, UsageEvent event) {
    RejectedEvent r = RejectedEvent.newBuilder()
        .setStage(RejectStage.SINK)
        .setReason(reason)
        .setMessage(message)
        .setEventId(eventId)
        .setModel(event == null ? null : event.getModel())
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setPayload(source.value() == null ? null : ByteBuffer.wrap(source.value()))
        .setEvent(event)
        .setRejectedTime(clock.instant())
        .build();
    String key = eventId != null ? eventId : source.topic() + "/" + source.partition() + "/" + source.offset();
    pending.add(producer.send(new ProducerRecord<>(topic, key, r)));
  }

  /** Waits until every rejection sent so far is acknowledged; throws if one failed. */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    producer.flush();
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing rejections", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } finally {
      pending.clear();
    }
  }
}
