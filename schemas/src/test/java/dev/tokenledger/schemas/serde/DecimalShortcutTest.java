package dev.tokenledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.RandomEvents;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The writer's decimal shortcut (ADR 0227, second part) writes exactly the bytes of Avro's own decimal
 * conversion, and leaves every value it does not take — another scale, more digits, an invalid value — to
 * Avro, which rescales it or fails as before.
 */
class DecimalShortcutTest {

  private static final Schema SCHEMA = SchemaBuilder.record("D").fields()
      .name("money").type(decimal(18, 9)).noDefault()
      .name("wide").type(decimal(38, 9)).noDefault()
      .name("rate").type(decimal(9, 4)).noDefault()
      .name("whole").type(decimal(19, 0)).noDefault()
      .name("optional").type(Schema.createUnion(Schema.create(Schema.Type.NULL), decimal(18, 9))).withDefault(null)
      .endRecord();

  private static Schema decimal(int precision, int scale) {
    return LogicalTypes.decimal(precision, scale).addToSchema(Schema.create(Schema.Type.BYTES));
  }

  private static SpecificData model() {
    SpecificData model = new SpecificData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    return model;
  }

  @Test
  void randomDecimalsEncodeToAvrosBytes() throws IOException {
    SpecificData model = model();
    DatumWriter<GenericData.Record> avro = new SpecificDatumWriter<>(SCHEMA, model);
    DatumWriter<GenericData.Record> shortcut = new NullableUnionWriter<>(SCHEMA, model);
    Random random = new Random(227);
    for (int i = 0; i < 20_000; i++) {
      GenericData.Record r = new GenericData.Record(SCHEMA);
      r.put("money", value(random, 18, 9));
      r.put("wide", value(random, 38, 9));
      r.put("rate", value(random, 9, 4));
      r.put("whole", value(random, 19, 0));
      r.put("optional", random.nextInt(4) == 0 ? null : value(random, 18, 9));
      assertThat(NullableUnionWriterTest.encode(shortcut, r)).as("record %d: %s", i, r).isEqualTo(NullableUnionWriterTest.encode(avro, r));
    }
  }

  @Test
  void theEdgesEncodeToAvrosBytes() throws IOException {
    SpecificData model = model();
    DatumWriter<GenericData.Record> avro = new SpecificDatumWriter<>(SCHEMA, model);
    DatumWriter<GenericData.Record> shortcut = new NullableUnionWriter<>(SCHEMA, model);
    BigDecimal[] edges = {
        BigDecimal.ZERO, new BigDecimal("0E-9"), new BigDecimal("0E-30"), new BigDecimal("0E+5"),
        new BigDecimal("0.000000001"), new BigDecimal("-0.000000001"), new BigDecimal("0.000000127"),
        new BigDecimal("0.000000128"), new BigDecimal("-0.000000128"), new BigDecimal("-0.000000129"),
        new BigDecimal("0.000000255"), new BigDecimal("0.000032767"), new BigDecimal("0.000032768"),
        new BigDecimal("999999999.999999999"), new BigDecimal("-999999999.999999999"), new BigDecimal("1.5"),
    };
    for (BigDecimal money : edges) {
      GenericData.Record r = new GenericData.Record(SCHEMA);
      r.put("money", money);
      r.put("wide", money.setScale(9));
      r.put("rate", BigDecimal.ONE);
      r.put("whole", BigDecimal.valueOf(Long.MIN_VALUE + (money.signum() < 0 ? 0 : 1)));
      r.put("optional", money);
      assertThat(NullableUnionWriterTest.encode(shortcut, r)).as("%s", money).isEqualTo(NullableUnionWriterTest.encode(avro, r));
    }
  }

  @Test
  void valuesAvroRejectsAreStillRejected() {
    DatumWriter<GenericData.Record> shortcut = new NullableUnionWriter<>(SCHEMA, model());
    GenericData.Record rounding = valid();
    rounding.put("money", new BigDecimal("0.0000000001"));
    assertThatThrownBy(() -> NullableUnionWriterTest.encode(shortcut, rounding)).isInstanceOf(AvroRuntimeException.class).hasMessageContaining("without rounding");
    GenericData.Record tooLong = valid();
    tooLong.put("rate", new BigDecimal("123456.0000"));
    assertThatThrownBy(() -> NullableUnionWriterTest.encode(shortcut, tooLong)).isInstanceOf(AvroRuntimeException.class).hasMessageContaining("precision");
  }

  @Test
  void pricedRecordsEncodeToAvrosBytes() throws IOException {
    SpecificData model = SpecificData.getForClass(PricedUsage.class);
    Schema schema = PricedUsage.getClassSchema();
    DatumWriter<PricedUsage> avro = new SpecificDatumWriter<>(schema, model);
    DatumWriter<PricedUsage> shortcut = new NullableUnionWriter<>(schema, model);
    RandomEvents events = new RandomEvents(2270);
    Random random = new Random(2271);
    for (int i = 0; i < 3_000; i++) {
      PricedUsage priced = priced(events.next(), random);
      assertThat(NullableUnionWriterTest.encode(shortcut, priced)).as("record %d", i).isEqualTo(NullableUnionWriterTest.encode(avro, priced));
    }
  }

  private static PricedUsage priced(UsageEvent e, Random random) {
    BigDecimal zero = BigDecimal.ZERO.setScale(9);
    CostBreakdown cost = new CostBreakdown(money(random), money(random), zero, money(random), money(random), money(random));
    return new PricedUsage(e, "claude-sonnet-4-5", "v1", Instant.ofEpochMilli(1_600_000_000_000L), cost, money(random),
        random.nextBoolean(), value(random, 9, 4).abs(), Instant.ofEpochMilli(1_700_000_000_000L), random.nextInt(3),
        1L, 0L, 0L, 0L, 0L, 0L, 0L, money(random), zero, money(random), zero, BigDecimal.ZERO, money(random),
        new BigDecimal("0E-12"), "");
  }

  private static BigDecimal money(Random random) {
    return value(random, 18, 9);
  }

  /** Zero at a random scale, a value at the schema's scale, or one at a smaller scale (Avro rescales it). */
  private static BigDecimal value(Random random, int precision, int scale) {
    return switch (random.nextInt(5)) {
      case 0 -> BigDecimal.ZERO.setScale(random.nextInt(40) - 5);
      case 1 -> new BigDecimal(new BigInteger(random.nextInt(precision * 3) + 1, random), 0)
          .remainder(BigDecimal.TEN.pow(precision - scale)).setScale(scale).negate();
      case 2 -> new BigDecimal(new BigInteger(random.nextInt(64) + 1, random).remainder(BigInteger.TEN.pow(precision)), scale);
      default -> new BigDecimal(new BigInteger(random.nextInt(precision * 3) + 1, random).remainder(BigInteger.TEN.pow(precision))
          .multiply(random.nextBoolean() ? BigInteger.ONE : BigInteger.ONE.negate()), scale);
    };
  }

  private static GenericData.Record valid() {
    GenericData.Record r = new GenericData.Record(SCHEMA);
    r.put("money", BigDecimal.ONE);
    r.put("wide", BigDecimal.ONE);
    r.put("rate", BigDecimal.ONE);
    r.put("whole", BigDecimal.ONE);
    return r;
  }
}
