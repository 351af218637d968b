package dev.tokenledger.processor.streams;

import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A sink's serializer for one kind of {@link Outcome}: writes the value it carries with that value's
 * serializer (the same bytes), so that a processor can forward its outcome straight to the sink with no
 * unwrapping node in between (ADR 0229). Sinks never deserialize.
 */
final class OutcomeSerializer<T> implements Serializer<Outcome> {

  private final Serializer<T> inner;
  private final Function<Outcome, T> unwrap;

  private OutcomeSerializer(Serializer<T> inner, Function<Outcome, T> unwrap) {
    this.inner = inner;
    this.unwrap = unwrap;
  }

  /** A serde for a sink of {@code kind}: its serializer unwraps; it has no deserializer. */
  static <T> Serde<Outcome> sinkSerde(Serde<T> inner, Function<Outcome, T> unwrap) {
    return Serdes.serdeFrom(new OutcomeSerializer<>(inner.serializer(), unwrap), (topic, data) -> {
      throw new UnsupportedOperationException("a sink's outcome serde does not deserialize (topic " + topic + ")");
    });
  }

  @Override
  public byte[] serialize(String topic, Outcome data) {
    return data == null ? null : inner.serialize(topic, unwrap.apply(data));
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Outcome data) {
    return data == null ? null : inner.serialize(topic, headers, unwrap.apply(data));
  }

  @Override
  public void close() {
    inner.close();
  }
}
