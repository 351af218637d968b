package dev.tokenledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistryException;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static final String TOPIC = "usage.events.v1";
  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  final AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, registry);

  @Test
  void writesTheConfluentWireFormat() {
    UsageEvent event = UsageEvents.claude("e1", Instant.parse("2026-11-01T10:00:00.123Z")).build();
    byte[] bytes = serde.serializer().serialize(TOPIC, event);
    int id = registry.lookup("usage.events.v1-value", UsageEvent.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
  }

  @Test
  void roundTripIsLosslessForRandomEventsWithEveryField() {
    RandomEvents random = new RandomEvents(20261124L);
    for (int i = 0; i < 5_000; i++) {
      UsageEvent event = random.next();
      UsageEvent back = serde.decode(TOPIC, serde.encode(TOPIC, event));
      assertThat(back).as("event %d", i).isEqualTo(event);
      assertThat(back.getEventTime()).isEqualTo(event.getEventTime());
      assertThat(back.getReportedCostUsd()).isEqualTo(event.getReportedCostUsd());
    }
  }

  @Test
  void aValueAConversionRefusesIsATypedErrorNotAnyException() throws Exception {
    byte[] valid = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    Schema schema = UsageEvent.getClassSchema();
    GenericRecord raw = new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
        .read(null, DecoderFactory.get().binaryDecoder(valid, 5, valid.length - 5, null));
    raw.put("reportedCostUsd", ByteBuffer.allocate(0));   // valid Avro bytes, no valid decimal
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, 5);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(raw, encoder);
    encoder.flush();
    assertThatThrownBy(() -> serde.decode(TOPIC, out.toByteArray()))
        .isInstanceOf(WireFormatException.TruncatedPayload.class)
        .hasMessageContaining("corrupt Avro body");
  }

  @Test
  void aWriterDecimalOfAnotherScaleIsRefusedThoughAvroCallsItCompatible() {
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    Schema scale6 = new Schema.Parser().parse(UsageEvent.getClassSchema().toString()
        .replace("\"precision\":18,\"scale\":9", "\"precision\":18,\"scale\":6"));
    assertThat(scale6.toString()).isNotEqualTo(UsageEvent.getClassSchema().toString());
    int id = registry.register("usage.events.v1-value", scale6);
    ByteBuffer.wrap(bytes, 1, 4).putInt(id);   // the body is the same: a decimal's scale is not in its bytes
    assertThatThrownBy(() -> serde.decode(TOPIC, bytes))
        .isInstanceOf(WireFormatException.IncompatibleSchema.class)
        .hasMessageContaining("UsageEvent.reportedCostUsd is written as decimal(18, 6), read as decimal(18, 9)");
  }

  @Test
  void aRegistryThatRefusesTheFetchIsAnInfrastructureFailureNotABadRecord() {
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    SchemaRegistry refusing = (SchemaRegistry) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SchemaRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals("schemaById")) {
            throw new SchemaRegistryException("GET /schemas/ids/1 -> HTTP 401: Unauthorized", 401, 0, null);
          }
          return method.invoke(registry, args);
        });
    AvroSerde<UsageEvent> reader = AvroSerde.forValue(UsageEvent.class, refusing);
    assertThatThrownBy(() -> reader.decode(TOPIC, bytes))
        .isInstanceOf(WireFormatException.RegistryUnavailable.class)
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void unknownMagicByteIsATypedError() {
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    bytes[0] = 7;
    assertThatThrownBy(() -> serde.decode(TOPIC, bytes))
        .isInstanceOf(WireFormatException.UnknownMagicByte.class)
        .hasMessageContaining("byte 7");
    assertThatThrownBy(() -> serde.decode(TOPIC, "{\"json\":1}".getBytes()))
        .isInstanceOf(WireFormatException.UnknownMagicByte.class);
  }

  @Test
  void unknownSchemaIdIsATypedError() {
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    ByteBuffer.wrap(bytes).putInt(1, 4242);
    assertThatThrownBy(() -> serde.decode(TOPIC, bytes))
        .isInstanceOf(WireFormatException.UnknownSchemaId.class)
        .satisfies(e -> assertThat(((WireFormatException.UnknownSchemaId) e).schemaId()).isEqualTo(4242));
  }

  @Test
  void truncatedPayloadsAreTypedErrors() {
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    assertThatThrownBy(() -> serde.decode(TOPIC, Arrays.copyOf(bytes, 3)))
        .isInstanceOf(WireFormatException.TruncatedPayload.class)
        .hasMessageContaining("5-byte header");
    for (int cut = 5; cut < bytes.length; cut += 7) {
      byte[] partial = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> serde.decode(TOPIC, partial)).as("cut at %d", cut)
          .isInstanceOf(WireFormatException.TruncatedPayload.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> serde.decode(TOPIC, longer))
        .isInstanceOf(WireFormatException.TruncatedPayload.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void recordsOfAnotherTypeAreRejectedAsIncompatible() {
    AvroSerde<Budget> budgets = AvroSerde.forValue(Budget.class, registry);
    byte[] bytes = serde.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build());
    assertThatThrownBy(() -> budgets.decode(TOPIC, bytes))
        .isInstanceOf(WireFormatException.IncompatibleSchema.class)
        .hasMessageContaining("cannot be read as Budget");
  }

  @Test
  void readsRecordsWrittenWithAnOlderSchemaVersion() throws Exception {
    // An "old agent" whose UsageEvent lacked every field that has a default today.
    Schema current = UsageEvent.getClassSchema();
    Schema old = withoutDefaultedFields(current);
    int oldId = registry.register("usage.events.v1-value", old);
    GenericRecord rec = new GenericData.Record(old);
    UsageEvent full = UsageEvents.claude("e-old", Instant.parse("2026-01-02T03:04:05.678Z")).build();
    for (Schema.Field f : old.getFields()) {
      rec.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(full, f.name())));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(oldId).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(rec, enc);
    enc.flush();

    UsageEvent read = serde.decode(TOPIC, out.toByteArray());
    assertThat(read.getEventId()).isEqualTo("e-old");
    assertThat(read.getEventTime()).isEqualTo(full.getEventTime());
    assertThat(read.getTeam()).as("defaulted").isNull();
    assertThat(read.getWebSearchRequests()).as("defaulted").isZero();
    assertThat(read.getToolCalls()).as("defaulted").isEmpty();
  }

  @Test
  void registryOutagesSurfaceAsTransientErrors() {
    SchemaRegistry down = unavailableRegistry();
    AvroSerde<UsageEvent> s = AvroSerde.forValue(UsageEvent.class, down);
    assertThatThrownBy(() -> s.encode(TOPIC, UsageEvents.claude("e1", Instant.EPOCH).build()))
        .isInstanceOf(WireFormatException.RegistryUnavailable.class);
  }

  private static SchemaRegistry unavailableRegistry() {
    return (SchemaRegistry) java.lang.reflect.Proxy.newProxyInstance(
        SchemaRegistry.class.getClassLoader(), new Class<?>[] {SchemaRegistry.class},
        (proxy, method, args) -> {
          throw new SchemaRegistryException.Unavailable("registry down", 503, null);
        });
  }

  static Object toGeneric(UsageEvent e, String field) {
    Object v = e.get(field);
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof Enum<?> en) {
      return new GenericData.EnumSymbol(UsageEvent.getClassSchema().getField(field).schema(), en.name());
    }
    if (v instanceof org.apache.avro.specific.SpecificRecord r) {
      return GenericData.get().deepCopy(r.getSchema(), r);
    }
    return v;
  }

  static Schema withoutDefaultedFields(Schema current) {
    var fields = current.getFields().stream()
        .filter(f -> !f.hasDefaultValue())
        .map(f -> new Schema.Field(f.name(), f.schema(), f.doc()))
        .toList();
    return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }
}
