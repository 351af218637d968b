package dev.tokenledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
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
    byte[] bytes = olderVersionBytes();
    WireRecord<UsageEvent> r = serde.wire().deserializer().deserialize(IN, bytes);
    assertThat(r.keepsBytes()).isFalse();
    assertThat(serde.encodeWire(OUT, r)).isEqualTo(serde.encode(OUT, r.value())).isNotEqualTo(bytes);
  }

  /** An event written by an "old agent" whose UsageEvent lacked every field that has a default today. */
  private byte[] olderVersionBytes() throws Exception {
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

    return bytes.toByteArray();
  }

  @Test
  void aRecordContainingAnEventReadWithItsBytesIsEncodedAsAvroWouldEncodeIt() {
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.forValue(PricedUsage.class, registry);
    RandomEvents events = new RandomEvents(2271);
    for (int i = 0; i < 3_000; i++) {
      WireRecord<UsageEvent> read = serde.decodeWire(IN, serde.encode(IN, events.next()));
      PricedUsage priced = priced(read.value(), i);
      byte[] spliced = pricedSerde.encodeWire(OUT, WireRecord.containing(priced, read));
      assertThat(spliced).as("event %d", i).isEqualTo(pricedSerde.encode(OUT, priced));
    }
  }

  @Test
  void theKeptBodyIsCopiedNotTheEventEncodedAgain() {
    RandomEvents events = new RandomEvents(11);
    UsageEvent a = events.next();
    UsageEvent b = events.next();
    // a record claiming b's bytes for a: only a copy of the kept body writes b into the priced record
    WireRecord<UsageEvent> claimed = WireRecord.read(a, serde.encode(IN, b));
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.forValue(PricedUsage.class, registry);
    PricedUsage priced = priced(a, 3);
    assertThat(pricedSerde.decode(OUT, pricedSerde.encodeWire(OUT, WireRecord.containing(priced, claimed))).getEvent())
        .isEqualTo(b);
    assertThat(pricedSerde.decode(OUT, pricedSerde.encode(OUT, priced)).getEvent()).as("and the writer forgets it after").isEqualTo(a);
  }

  @Test
  void aRecordContainingAnotherEventThanTheOneReadEncodesItsOwn() {
    WireRecord<UsageEvent> read = serde.decodeWire(IN, serde.encode(IN, new RandomEvents(7).next()));
    UsageEvent modified = UsageEvent.newBuilder(read.value()).setModel("another-model").build();
    PricedUsage priced = priced(modified, 1);
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.forValue(PricedUsage.class, registry);
    byte[] bytes = pricedSerde.encodeWire(OUT, WireRecord.containing(priced, read));
    assertThat(bytes).isEqualTo(pricedSerde.encode(OUT, priced));
    assertThat(pricedSerde.decode(OUT, bytes).getEvent().getModel()).isEqualTo("another-model");
  }

  @Test
  void aRecordContainingAnEventOfAnOlderSchemaVersionEncodesIt() throws Exception {
    WireRecord<UsageEvent> old = serde.decodeWire(IN, olderVersionBytes());
    assertThat(old.keepsBytes()).isFalse();
    PricedUsage priced = priced(old.value(), 2);
    AvroSerde<PricedUsage> pricedSerde = AvroSerde.forValue(PricedUsage.class, registry);
    assertThat(pricedSerde.encodeWire(OUT, WireRecord.containing(priced, old))).isEqualTo(pricedSerde.encode(OUT, priced));
  }

  private static PricedUsage priced(UsageEvent e, int i) {
    BigDecimal zero = BigDecimal.ZERO.setScale(9);
    BigDecimal usd = BigDecimal.valueOf(i * 1_000_003L + 7, 9);
    CostBreakdown cost = new CostBreakdown(usd, usd.add(usd), zero, zero, usd, usd.multiply(BigDecimal.valueOf(4)));
    return new PricedUsage(e, "claude-sonnet-4-5", "v" + i, Instant.ofEpochMilli(1_600_000_000_000L + i), cost, usd,
        i % 2 == 0, BigDecimal.valueOf(10_000 + i % 3, 4), Instant.ofEpochMilli(1_700_000_000_000L + i), i % 3,
        (long) i, 0L, 0L, 0L, 0L, 0L, 0L, usd, zero, zero, zero, zero, usd, zero, i % 3 == 0 ? "" : "LOWER_BOUND");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(serde.decodeWire(IN, null)).isNull();
    assertThat(serde.encodeWire(OUT, null)).isNull();
  }
}
