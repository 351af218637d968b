package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.RandomEvents;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The fast path writes exactly the bytes of the reference path (serde decode + {@link UsageRows}) for
 * every valid record, also when the writer schema differs from the contract (fields reordered, removed
 * with a default, added); and it steps aside — buffer untouched — for anything the reference path must
 * judge.
 */
class PricedUsageTranscoderTest {

  private static final String TOPIC = "t.usage.priced.v1";
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<PricedUsage> serde = AvroSerde.forValue(PricedUsage.class, registry);

  @Test
  void writesTheReferenceBytesForRandomEventsInSeveralZones() throws Exception {
    for (String zone : List.of("UTC", "Europe/Berlin", "America/St_Johns", "Pacific/Kiritimati")) {
      PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneId.of(zone));
      UsageRows reference = new UsageRows(ZoneId.of(zone));
      RandomEvents events = new RandomEvents(zone.hashCode());
      Random random = new Random(zone.hashCode());
      for (int i = 0; i < 2_000; i++) {
        PricedUsage p = PricedEvents.priced(events.next(), BigDecimal.valueOf(random.nextLong() % 999_999_999_999_999_999L, 9))
            .setCacheSavings(BigDecimal.valueOf(-random.nextInt(1_000_000), 9))
            .setMultiplier(BigDecimal.valueOf(random.nextInt(99_999_999) - 49_999_999, 4))
            .setLongContextTier(random.nextBoolean())
            .build();
        byte[] payload = serde.encode(TOPIC, p);
        fast.enable(PricedUsageTranscoder.schemaId(payload));
        assertSameRow(fast, reference, payload, i);
      }
    }
  }

  @Test
  void writesTheReferenceBytesForEdgeValues() throws Exception {
    PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneId.of("Europe/Berlin"));
    UsageRows reference = new UsageRows(ZoneId.of("Europe/Berlin"));
    List<PricedUsage> edges = List.of(
        PricedEvents.priced(claude("évt-😀-漢字", Instant.parse("2105-12-30T22:59:59.999Z"))
            .setNotes("tab\tnew\nline\\ nul\0").setUserEmail("").setTeam(null)
            .setTokens(TokenCounts.newBuilder().setInput(Long.MAX_VALUE).setOutput(0).setCacheWrite5m(0).setCacheWrite1h(0)
                .setCacheRead(0).setReasoning(0).setTool(0).build())
            .setWebFetchRequests(Integer.MAX_VALUE)
            .setToolCalls(List.of(ToolCall.newBuilder().setName("mcp__gït'hub__x").setMcpServer("gït'hub").setMcpTool(null).setCount(0).build()))
            .setReportedCostUsd(new BigDecimal("-999999999.999999999"))
            .build(), new BigDecimal("999999999.999999999")).build(),
        PricedEvents.priced(claude("min", Instant.parse("1970-01-05T00:00:00Z")).setObservedTime(Instant.EPOCH).build(), BigDecimal.ZERO)
            .setMultiplier(new BigDecimal("-9999.9999")).setPriceEffectiveFrom(Instant.EPOCH).build(),
        PricedEvents.priced(claude("many-tools", Instant.parse("2026-03-29T00:59:59Z"))
            .setToolCalls(Collections.nCopies(9, ToolCall.newBuilder().setName("Bash").setMcpServer(null).setMcpTool(null).setCount(3).build()))
            .build(), new BigDecimal("0.000000001")).build(),
        PricedEvents.priced(claude("revised", Instant.parse("2026-11-20T10:00:00Z"))
            .setCountsOrigin(dev.tokenledger.events.CountsOrigin.TELEMETRY).build(), new BigDecimal("0.45"))
            .setRevision(2).setReplacedOutputTokens(1_000).setReplacedInputTokens(Long.MAX_VALUE)
            .setReplacedCostTotal(new BigDecimal("0.315000000")).setReplacedCacheSavings(new BigDecimal("-0.000000001"))
            .setReplacedAccuracy("LOWER_BOUND").build(),
        PricedEvents.priced(claude("revised-unicode-label", Instant.parse("2026-11-20T10:00:00Z")).build(), new BigDecimal("0.45"))
            .setRevision(1).setReplacedAccuracy("ÉSTIMÉ-😀").build());
    for (int i = 0; i < edges.size(); i++) {
      byte[] payload = serde.encode(TOPIC, edges.get(i));
      fast.enable(PricedUsageTranscoder.schemaId(payload));
      assertSameRow(fast, reference, payload, i);
    }
  }

  @Test
  void writesTheReferenceBytesForAnEvolvedWriterSchema() throws Exception {
    Schema writer = evolved(PricedUsage.getClassSchema());
    int id = registry.register("evolved-value", writer);
    PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneId.of("UTC"));
    UsageRows reference = new UsageRows(ZoneId.of("UTC"));
    RandomEvents events = new RandomEvents(7);
    for (int i = 0; i < 200; i++) {
      PricedUsage p = PricedEvents.priced(events.next(), BigDecimal.valueOf(i, 3)).build();
      byte[] payload = encode(id, writer, p);
      fast.enable(id);
      RowBinaryWriter viaFast = new RowBinaryWriter(64);
      assertThat(fast.write(payload, TOPIC, 1, i, viaFast)).isEqualTo(p.getEvent().getEventId());
      PricedUsage decoded = serde.decode(TOPIC, payload);
      assertThat(decoded.getEvent().getNotes()).isNull();          // removed from the writer: the default
      assertThat(decoded.getEvent().getOrgId()).isEqualTo("default");
      RowBinaryWriter viaReference = new RowBinaryWriter(64);
      reference.write(decoded, TOPIC, 1, i, viaReference);
      assertThat(viaFast.toByteArray()).as("record %d", i).isEqualTo(viaReference.toByteArray());
    }
  }

  @Test
  void stepsAsideForUnknownSchemasMalformedBytesAndValuesTheReferencePathMustJudge() throws Exception {
    PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneId.of("UTC"));
    PricedUsage ok = PricedEvents.priced("ok", Instant.parse("2026-11-20T10:00:00Z"), BigDecimal.ONE);
    byte[] payload = serde.encode(TOPIC, ok);
    RowBinaryWriter out = new RowBinaryWriter(16);
    out.string("earlier row");
    int size = out.size();

    assertThat(fast.write(payload, TOPIC, 0, 0, out)).as("schema id not enabled yet").isNull();
    fast.enable(PricedUsageTranscoder.schemaId(payload));
    assertThat(fast.write(Arrays.copyOf(payload, payload.length - 3), TOPIC, 0, 0, out)).as("truncated").isNull();
    assertThat(fast.write(Arrays.copyOf(payload, payload.length + 1), TOPIC, 0, 0, out)).as("trailing byte").isNull();
    assertThat(fast.write(new byte[] {1, 0, 0, 0, 1, 2}, TOPIC, 0, 0, out)).as("magic byte").isNull();
    PricedUsage future = PricedEvents.priced("future", Instant.parse("2200-01-01T00:00:00Z"), BigDecimal.ONE);
    assertThat(fast.write(serde.encode(TOPIC, future), TOPIC, 0, 0, out)).as("event_time out of range").isNull();
    PricedUsage negative = PricedEvents.priced(claude("neg", Instant.parse("2026-11-20T10:00:00Z")).setTokens(tokens(-1, 0, 0, 0, 0)).build(),
        BigDecimal.ONE).build();
    assertThat(fast.write(serde.encode(TOPIC, negative), TOPIC, 0, 0, out)).as("negative count").isNull();
    PricedUsage weekBefore1970 = PricedEvents.priced("thursday", Instant.parse("1970-01-01T12:00:00Z"), BigDecimal.ONE);
    assertThat(fast.write(serde.encode(TOPIC, weekBefore1970), TOPIC, 0, 0, out)).as("event_week before 1970").isNull();
    byte[] badUtf8 = serde.encode(TOPIC, PricedEvents.priced("bad-\u00e9", Instant.parse("2026-11-20T10:00:00Z"), BigDecimal.ONE));
    int at = indexOf(badUtf8, new byte[] {(byte) 0xC3, (byte) 0xA9});
    badUtf8[at] = (byte) 0xC0;   // an overlong, invalid sequence in the event id
    assertThat(fast.write(badUtf8, TOPIC, 0, 0, out)).as("invalid UTF-8").isNull();
    assertThat(out.size()).isEqualTo(size);

    assertThat(fast.write(payload, TOPIC, 0, 0, out)).isEqualTo("ok");
    assertThat(out.size()).isGreaterThan(size);
  }

  @Test
  void stepsAsideForEveryKindOfInvalidUtf8AndForDecimalsLongerThanEightBytes() throws Exception {
    PricedUsageTranscoder fast = new PricedUsageTranscoder(registry, ZoneId.of("UTC"));
    UsageRows reference = new UsageRows(ZoneId.of("UTC"));
    byte[] valid = serde.encode(TOPIC, PricedEvents.priced("id-\u20ac-\ud83d\ude00-x", Instant.parse("2026-11-20T10:00:00Z"), BigDecimal.ONE));
    fast.enable(PricedUsageTranscoder.schemaId(valid));
    int euro = indexOf(valid, new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC});
    int emoji = indexOf(valid, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80});
    byte[][] invalid = {
        patch(valid, euro, (byte) 0xED, (byte) 0xA0, (byte) 0x80),                 // a UTF-16 surrogate
        patch(valid, emoji, (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80),   // above U+10FFFF
        patch(valid, emoji, (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80),   // no such lead byte
        patch(valid, euro + 2, (byte) 'x'),                                       // a sequence cut short
        patch(valid, euro, (byte) 0xE0, (byte) 0x80, (byte) 0x80),                 // overlong 3-byte form
    };
    RowBinaryWriter out = new RowBinaryWriter(64);
    for (int i = 0; i < invalid.length; i++) {
      assertThat(fast.write(invalid[i], TOPIC, 0, i, out)).as("invalid UTF-8 case %d", i).isNull();
    }
    assertThat(out.size()).isZero();
    byte[] nineBytes = withCacheSavings(valid, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 5});   // in range, but not in 8 bytes
    assertThat(fast.write(nineBytes, TOPIC, 0, 10, out)).as("decimal of 9 bytes").isNull();
    assertThat(serde.decode(TOPIC, nineBytes).getCacheSavings()).isEqualByComparingTo("0.000000005");
    assertSameRow(fast, reference, valid, 11);   // and the next valid record is the reference's, byte for byte
  }

  private static byte[] patch(byte[] payload, int at, byte... bytes) {
    byte[] copy = payload.clone();
    System.arraycopy(bytes, 0, copy, at, bytes.length);
    return copy;
  }

  /** The same record with the cacheSavings decimal encoded as {@code unscaled} (two's complement, any length). */
  private static byte[] withCacheSavings(byte[] payload, byte[] unscaled) throws Exception {
    Schema schema = PricedUsage.getClassSchema();
    GenericRecord raw = new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
        .read(null, DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
    raw.put("cacheSavings", ByteBuffer.wrap(unscaled));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(payload, 0, 5);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(raw, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private void assertSameRow(PricedUsageTranscoder fast, UsageRows reference, byte[] payload, int i) throws Exception {
    RowBinaryWriter viaReference = new RowBinaryWriter(64);
    PricedUsage decoded = serde.decode(TOPIC, payload);
    reference.write(decoded, TOPIC, i % 7, i, viaReference);
    RowBinaryWriter viaFast = new RowBinaryWriter(64);
    viaFast.string("x");   // rows are appended after what the buffer holds
    assertThat(fast.write(payload, TOPIC, i % 7, i, viaFast)).isEqualTo(UsageRows.rowId(decoded.getEvent().getEventId(), decoded.getRevision()));
    byte[] fastRow = Arrays.copyOfRange(viaFast.array(), 2, viaFast.size());
    assertThat(fastRow).as("record %d: %s", i, decoded).isEqualTo(viaReference.toByteArray());
  }

  // ---- an evolved writer schema: fields in reverse order, UsageEvent without notes and orgId, one extra field

  private static Schema evolved(Schema priced) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : priced.getFields()) {
      Schema s = f.name().equals("event") ? withoutFields(f.schema(), "notes", "orgId") : f.schema();
      fields.add(new Schema.Field(f, s));   // keeps the default as JSON (a bytes default would not survive defaultVal())
    }
    Collections.reverse(fields);
    fields.add(new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), "a field the contract does not have", "x"));
    return Schema.createRecord(priced.getName(), priced.getDoc(), priced.getNamespace(), false, fields);
  }

  private static Schema withoutFields(Schema record, String... names) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      if (!Arrays.asList(names).contains(f.name())) {
        fields.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
      }
    }
    Collections.reverse(fields);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  private static byte[] encode(int id, Schema writer, PricedUsage p) throws Exception {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    GenericRecord record = (GenericRecord) copy(p, writer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer, model).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Object copy(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    return switch (schema.getType()) {
      case RECORD -> {
        GenericRecord source = (GenericRecord) value;
        GenericData.Record target = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
          target.put(f.name(), source.getSchema().getField(f.name()) == null ? "x" : copy(source.get(f.name()), f.schema()));
        }
        yield target;
      }
      case UNION -> copy(value, schema.getTypes().get(1));
      case ARRAY -> ((List<?>) value).stream().map(v -> copy(v, schema.getElementType())).toList();
      case ENUM -> new GenericData.EnumSymbol(schema, value.toString());
      default -> value;
    };
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
