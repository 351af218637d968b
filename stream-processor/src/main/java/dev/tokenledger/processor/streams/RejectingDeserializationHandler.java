package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record of a topic the topology reads through a serde (today: the repartition topic
 * of priced events) that cannot be decoded: a {@link RejectedEvent} (DESERIALIZATION, with the raw
 * bytes and the record's origin) is written to {@code usage.rejected.v1} by Kafka Streams itself, in
 * the task's transaction, and processing goes on — never dropped silently. A registry that cannot be
 * reached is an infrastructure fault: the handler fails the task (the process exits and is restarted)
 * rather than rejecting good data. The usage topic and the control topics are read as bytes and
 * decoded by their processors, so they never reach this handler.
 *
 * <p>Configured through {@link #configs}: the rejected topic and the rejection serde travel as config
 * values.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RejectingDeserializationHandler.class);
  static final String TOPIC = "tokenledger.rejected.topic";
  static final String SERDE = "tokenledger.rejected.serde";

  private String topic;
  private AvroSerde<RejectedEvent> serde;

  /** The Streams properties that install this handler. */
  public static Map<String, Object> configs(String rejectedTopic, AvroSerde<RejectedEvent> serde) {
    Map<String, Object> m = new HashMap<>();
    m.put(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        RejectingDeserializationHandler.class);
    m.put(TOPIC, rejectedTopic);
    m.put(SERDE, serde);
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    this.topic = (String) configs.get(TOPIC);
    this.serde = (AvroSerde<RejectedEvent>) configs.get(SERDE);
    if (topic == null || serde == null) {
      throw new IllegalStateException("RejectingDeserializationHandler needs " + TOPIC + " and " + SERDE);
    }
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (registryDown(exception)) {
      LOG.error("the schema registry cannot be reached while reading {}-{}@{}; stopping", record.topic(), record.partition(),
          record.offset(), exception);
      return Response.fail();
    }
    RejectedEvent rejected = RejectedEvent.newBuilder()
        .setStage(dev.tokenledger.events.RejectStage.STREAMS)
        .setReason(RejectReason.DESERIALIZATION)
        .setMessage("cannot decode a record of " + record.topic() + ": " + exception.getClass().getSimpleName() + ": "
            + exception.getMessage())
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setPayload(record.value() == null ? null : java.nio.ByteBuffer.wrap(record.value()))
        .setRejectedTime(Instant.now())
        .build();
    String key = Rejections.originKey(rejected);
    LOG.error("rejecting undecodable record {}: {}", key, exception.toString());
    if (context.taskId() == null || context.taskId().subtopology() < 0) {   // a global thread has no producer: logged only
      return Response.resume();
    }
    byte[] value = serde.encode(topic, rejected);
    return Response.resume(List.of(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
        key.getBytes(StandardCharsets.UTF_8), value)));
  }

  private static boolean registryDown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WireFormatException.RegistryUnavailable) {
        return true;
      }
    }
    return false;
  }
}
