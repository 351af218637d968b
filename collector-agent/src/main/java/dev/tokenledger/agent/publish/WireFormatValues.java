package dev.tokenledger.agent.publish;

import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The Kafka record values of spooled events in the Confluent wire format: magic byte, the schema id of
 * the format the payload was written in (registered under the topic's value subject, once per
 * connection), then the Avro payload as spooled. Not thread-safe: the publisher thread owns it.
 */
final class WireFormatValues {

  private final SchemaRegistry registry;
  private final String topic;
  private final Map<String, byte[]> headers = new HashMap<>();

  WireFormatValues(SchemaRegistry registry, String topic) {
    this.registry = registry;
    this.topic = topic;
  }

  /** The wire-format header for records written in {@code format} (a writer schema; empty = current). */
  byte[] header(String format) {
    return headers.computeIfAbsent(format, f -> {
      Schema schema = f.isEmpty() ? UsageEvent.getClassSchema() : new Schema.Parser().parse(f);
      int id = registry.register(AvroSerde.subject(topic, false), schema);
      return ByteBuffer.allocate(AvroSerde.HEADER_SIZE).put(AvroSerde.MAGIC).putInt(id).array();
    });
  }

  /** The record's value: its format's header, then its payload. */
  byte[] value(SpoolRecord r) {
    byte[] header = header(r.format());
    byte[] value = new byte[header.length + r.payload().length];
    System.arraycopy(header, 0, value, 0, header.length);
    System.arraycopy(r.payload(), 0, value, header.length, r.payload().length);
    return value;
  }
}
