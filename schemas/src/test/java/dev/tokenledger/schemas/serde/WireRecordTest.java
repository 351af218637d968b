package dev.tokenledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * A record read with its bytes is written as those bytes under the target subject's schema id — the
 * same bytes Avro's writer produces for its value — and a record of another schema version, or one
 * made from a value, is encoded from its value (ADR 0227).
 */
class WireRecordTest {

  static final String IN = "in";
  static final String OUT = "out";
  static final int OUT_OFFSET = 1_000;

  /** A registry that gives subject {@code out-value} its own ids (as registries that number per subject version do). */
  final InMemorySchemaRegistry inner = new InMemorySchemaRegistry();
  final SchemaRegistry registry = (SchemaRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {SchemaRegistry.class}, (proxy, method, args) -> {
        try {
          if (method.getName().equals("schemaById") && (int) args[0] > OUT_OFFSET) {
            return inner.schemaById((int) args[0] - OUT_OFFSET);
          }
          Object result = method.invoke(inner, args);
          boolean outSubject = args != null && args.length > 0 && AvroSerde.subject(OUT, false).equals(args[0]);
          return outSubject && (method.getName().equals("register") || method.getName().equals("lookup"))
              ? (int) result + OUT_OFFSET : result;
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  final AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, registry);

  @Test
  void aRecordReadWithItsBytesIsWrittenAsAvroWouldEncodeItUnderEachSubjectsId() {
    RandomEvents events = new RandomEvents(227);
    for (int i = 0; i < 3_000; i++) {
      UsageEvent e = events.next();
      byte[] read = serde.encode(IN, e);
      WireRecord<UsageEvent> r = serde.decodeWire(IN, read);
      assertThat(r.keepsBytes()).isTrue();
      assertThat(r.value()).isEqualTo(e);
      assertThat(serde.encodeWire(IN, r)).as("event %d, same subject", i).isSameAs(read);
      byte[] out = serde.encodeWire(OUT, r);
      assertThat(out).as("event %d, another subject's id", i).isEqualTo(serde.encode(OUT, e));
      assertThat(ByteBuffer.wrap(out, 1, 4).getInt()).isGreaterThan(OUT_OFFSET);
      assertThat(read).as("the bytes read are not modified").isEqualTo(serde.encode(IN, e));
    }
  }

  @Test
  void aRecordMadeFromAValueIsEncoded() {
    UsageEvent e = UsageEvents.claude("e1", Instant.parse("2026-01-02T03:04:05Z")).build();
    WireRecord<UsageEvent> r = WireRecord.of(e);
    assertThat(r.keepsBytes()).isFalse();
    assertThat(serde.encodeWire(OUT, r)).isEqualTo(serde.encode(OUT, e));
    assertThat(serde.wire().serializer().serialize(OUT, r)).isEqualTo(serde.encode(OUT, e));
  }

  @Test
  void aRecordOfAnOlderSchemaVersionKeepsNoBytesAndIsWrittenInTheCurrentOne() throws Exception {
    Schema old = AvroSerdeTest.withoutDefaultedFields(UsageEvent.getClassSchema());
    int oldId = registry.register(AvroSerde.subject(IN, false), old);
    UsageEvent full = UsageEvents.claude("e-old", Instant.parse("2026-01-02T03:04:05.678Z")).build();
    GenericRecord rec = new GenericData.Record(old);
    for (Schema.Field f : old.getFields()) {
      rec.put(f.name(), GenericData.get().deepCopy(f.schema(), AvroSerdeTest.toGeneric(full, f.name())));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0);
    bytes.write(ByteBuffer.allocate(4).putInt(oldId).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(old).write(rec, enc);
    enc.flush();

    WireRecord<UsageEvent> r = serde.wire().deserializer().deserialize(IN, bytes.toByteArray());
    assertThat(r.keepsBytes()).isFalse();
    assertThat(serde.encodeWire(OUT, r)).isEqualTo(serde.encode(OUT, r.value()))
        .isNotEqualTo(bytes.toByteArray());
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(serde.decodeWire(IN, null)).isNull();
    assertThat(serde.encodeWire(OUT, null)).isNull();
  }
}
