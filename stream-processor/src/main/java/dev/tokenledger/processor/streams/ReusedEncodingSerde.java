package dev.tokenledger.processor.streams;

import dev.tokenledger.schemas.serde.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerde} for a record the topology sends to two topics in a row (the priced event: to
 * {@code usage.priced.v1} and to the repartition topic keyed by organisation): the second send reuses
 * the Avro body of the first instead of encoding the same object again (ADR 0223). The bytes differ
 * only in the schema id of the 5-byte header, which is learnt per topic from a full encode; a record
 * is reused once, and only if it is the very object encoded last on this thread.
 */
final class ReusedEncodingSerde<T extends SpecificRecord> implements Serde<T> {

  private final AvroSerde<T> avro;
  private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

  private static final class Last {
    Object record;
    byte[] bytes;
    final Map<String, byte[]> headerByTopic = new HashMap<>();
  }

  ReusedEncodingSerde(AvroSerde<T> avro) {
    this.avro = avro;
  }

  @Override
  public Serializer<T> serializer() {
    return this::encode;
  }

  @Override
  public Deserializer<T> deserializer() {
    return avro.deserializer();
  }

  byte[] encode(String topic, T record) {
    if (record == null) {
      return null;
    }
    Last l = last.get();
    byte[] header = l.headerByTopic.get(topic);
    if (record == l.record && header != null) {
      byte[] out = l.bytes.clone();
      System.arraycopy(header, 0, out, 0, AvroSerde.HEADER_SIZE);
      l.record = null;
      l.bytes = null;
      return out;
    }
    byte[] bytes = avro.encode(topic, record);
    if (header == null) {
      byte[] h = new byte[AvroSerde.HEADER_SIZE];
      System.arraycopy(bytes, 0, h, 0, AvroSerde.HEADER_SIZE);
      l.headerByTopic.put(topic, h);
    }
    l.record = record;
    l.bytes = bytes;
    return bytes;
  }
}
