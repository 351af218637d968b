package dev.tokenledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.RandomEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class NullableUnionWriterTest {

  @Test
  void writesTheSameBytesAsAvrosGeneralUnionRule() throws IOException {
    SpecificData model = SpecificData.getForClass(UsageEvent.class);
    Schema schema = UsageEvent.getClassSchema();
    DatumWriter<UsageEvent> general = new SpecificDatumWriter<>(schema, model);
    DatumWriter<UsageEvent> fast = new NullableUnionWriter<>(schema, model);
    RandomEvents events = new RandomEvents(226);
    int withNulls = 0;
    for (int i = 0; i < 2_000; i++) {
      UsageEvent e = events.next();
      if (e.getUserEmail() == null) {
        withNulls++;
      }
      assertThat(encode(fast, e)).as("event %d", i).isEqualTo(encode(general, e));
    }
    assertThat(withNulls).as("both branches of the optional fields are exercised").isBetween(1, 1_999);
  }

  @Test
  void takesTheBranchByNullnessOnEitherSideAndLeavesOtherUnionsToAvro() throws IOException {
    Schema schema = SchemaBuilder.record("R").fields()
        .name("a").type().unionOf().nullType().and().longType().endUnion().nullDefault()
        .name("b").type().unionOf().stringType().and().nullType().endUnion().stringDefault("x")
        .name("c").type().unionOf().longType().and().stringType().endUnion().longDefault(0)
        .endRecord();
    GenericData.Record r = new GenericData.Record(schema);
    r.put("a", 5L);
    r.put("b", null);
    r.put("c", "s");
    SpecificData model = new SpecificData();
    assertThat(encode(new NullableUnionWriter<>(schema, model), r)).isEqualTo(encode(new SpecificDatumWriter<>(schema, model), r));
    r.put("a", null);
    r.put("b", "t");
    r.put("c", 7L);
    assertThat(encode(new NullableUnionWriter<>(schema, model), r)).isEqualTo(encode(new SpecificDatumWriter<>(schema, model), r));
  }

  @Test
  void aValueOfTheWrongTypeStillFailsToEncode() {
    Schema schema = SchemaBuilder.record("R").fields()
        .name("a").type().unionOf().nullType().and().longType().endUnion().nullDefault().endRecord();
    GenericData.Record r = new GenericData.Record(schema);
    r.put("a", "not a long");
    assertThatThrownBy(() -> encode(new NullableUnionWriter<>(schema, new SpecificData()), r)).isInstanceOf(RuntimeException.class);
  }

  /** A value's Avro binary encoding by {@code writer} (also used by {@link DecimalShortcutTest}). */
  static <T> byte[] encode(DatumWriter<T> writer, T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(value, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
