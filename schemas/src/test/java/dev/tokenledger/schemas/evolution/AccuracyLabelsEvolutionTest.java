package dev.tokenledger.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.CountsOrigin;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The accuracy labels grow by appending (schema v4): a reader of an earlier release decodes an event
 * labelled with a symbol it does not know as the enum's default (EXACT), and a current reader decodes an
 * earlier release's event with the new fields' defaults.
 */
class AccuracyLabelsEvolutionTest {

  private static final Schema V3_USAGE_EVENT =
      SchemaSet.load(Path.of("src/main/avro-history/v3")).get(UsageEvent.getClassSchema().getFullName());

  @Test
  void aV3ReaderReadsALowerBoundEventAsExactAndIgnoresTheOrigin() throws IOException {
    UsageEvent event = UsageEvents.claude("e-1", Instant.parse("2026-12-01T10:00:00Z"))
        .setAccuracy(Accuracy.LOWER_BOUND).setCountsOrigin(CountsOrigin.LOG_FILE).build();
    byte[] bytes = encode(event);

    GenericRecord old = new GenericDatumReader<GenericRecord>(UsageEvent.getClassSchema(), V3_USAGE_EVENT)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

    assertThat(old.get("accuracy").toString()).isEqualTo("EXACT");
    assertThat(old.get("eventId").toString()).isEqualTo("e-1");
    assertThat(old.getSchema().getField("countsOrigin")).isNull();
  }

  @Test
  void aCurrentReaderReadsAV3EventWithUnknownOrigin() throws IOException {
    GenericRecord v3 = new GenericData.Record(V3_USAGE_EVENT);
    UsageEvent template = UsageEvents.claude("e-2", Instant.parse("2026-12-01T10:00:00Z")).build();
    GenericRecord current = toGeneric(template);
    for (Schema.Field f : V3_USAGE_EVENT.getFields()) {
      Object value = current.get(f.name());
      v3.put(f.name(), value instanceof GenericData.EnumSymbol sym ? new GenericData.EnumSymbol(f.schema(), sym.toString()) : value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(V3_USAGE_EVENT, genericWithConversions()).write(v3, enc);
    enc.flush();

    UsageEvent read = new SpecificDatumReader<UsageEvent>(V3_USAGE_EVENT, UsageEvent.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read.getCountsOrigin()).isEqualTo(CountsOrigin.UNKNOWN);
    assertThat(read.getAccuracy()).isEqualTo(Accuracy.EXACT);
  }

  @Test
  void aPricedUsageBuiltWithoutRevisionFieldsIsRevisionZeroWithZeroReplacedAmounts() {
    PricedUsage p = PricedUsage.newBuilder()
        .setEvent(UsageEvents.claude("e-3", Instant.parse("2026-12-01T10:00:00Z")).build())
        .setNormalizedModel("m").setPriceVersion("v").setPriceEffectiveFrom(Instant.EPOCH)
        .setCost(new dev.tokenledger.events.CostBreakdown(BigDecimal.ZERO.setScale(9), BigDecimal.ZERO.setScale(9),
            BigDecimal.ZERO.setScale(9), BigDecimal.ZERO.setScale(9), BigDecimal.ZERO.setScale(9), BigDecimal.ZERO.setScale(9)))
        .setCacheSavings(BigDecimal.ZERO.setScale(9)).setMultiplier(BigDecimal.ONE.setScale(4)).setPricedTime(Instant.EPOCH)
        .build();

    assertThat(p.getRevision()).isZero();
    assertThat(p.getReplacedOutputTokens()).isZero();
    assertThat(p.getReplacedCostTotal()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  private static byte[] encode(UsageEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<UsageEvent>(UsageEvent.getClassSchema()).write(event, enc);
    enc.flush();
    return out.toByteArray();
  }

  private static GenericRecord toGeneric(UsageEvent event) throws IOException {
    return new GenericDatumReader<GenericRecord>(UsageEvent.getClassSchema(), UsageEvent.getClassSchema(), genericWithConversions())
        .read(null, DecoderFactory.get().binaryDecoder(encode(event), null));
  }

  private static GenericData genericWithConversions() {
    GenericData data = new GenericData();
    data.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    data.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
    return data;
  }
}
