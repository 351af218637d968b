package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Records that are well-formed Avro but hold values the contract's types cannot take are rejected, not fatal. */
class RecordRouterBadInputTest {

  private final Topics topics = Topics.withPrefix("t.");
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<PricedUsage> serde = AvroSerde.forValue(PricedUsage.class, registry);
  private final RecordRouter router = new RecordRouter(topics, serde, null, new UsageRows(ZoneOffset.UTC),
      new PricedUsageTranscoder(registry, ZoneOffset.UTC), null, null, new SinkMetrics());

  @Test
  void aDecimalWithNoBytesIsADeserializationRejectionOnBothPaths() throws Exception {
    byte[] valid = serde.encode(topics.priced(), PricedEvents.priced("ok", Instant.parse("2026-11-20T10:00:00Z"), BigDecimal.ONE));
    byte[] emptyDecimal = withEmptyCacheSavings(valid);
    RowBinaryWriter scratch = new RowBinaryWriter(64);

    RecordRouter.Prepared first = router.prepare(record(0, emptyDecimal), scratch);   // reference path (schema id not yet enabled)
    assertThat(first.reason()).isEqualTo(RejectReason.DESERIALIZATION);
    assertThat(first.message()).contains("corrupt");
    assertThat(router.prepare(record(1, valid), scratch).reason()).isNull();           // enables the fast path for the id
    RecordRouter.Prepared again = router.prepare(record(2, emptyDecimal), scratch);   // fast path steps aside
    assertThat(again.reason()).isEqualTo(RejectReason.DESERIALIZATION);
    assertThat(again.rowBytes()).isNull();
  }

  private ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
    return new ConsumerRecord<>(topics.priced(), 0, offset, new byte[0], value);
  }

  /** The same record with the cacheSavings decimal encoded as zero bytes (valid Avro, no valid decimal). */
  private static byte[] withEmptyCacheSavings(byte[] payload) throws Exception {
    Schema schema = PricedUsage.getClassSchema();
    GenericRecord raw = new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
        .read(null, DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
    raw.put("cacheSavings", ByteBuffer.allocate(0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Arrays.copyOf(payload, 5));
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(raw, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
