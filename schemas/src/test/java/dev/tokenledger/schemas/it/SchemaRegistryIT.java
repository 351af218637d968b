package dev.tokenledger.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistry.Compatibility;
import dev.tokenledger.schemas.registry.SchemaRegistryException;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The registry client and the serde against the real local Apicurio Registry (Confluent API). */
class SchemaRegistryIT {

  final SchemaRegistry registry = CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl()));

  static final Schema V1 = SchemaBuilder.record("Probe").namespace("it").fields()
      .requiredString("id").requiredLong("ts").endRecord();
  static final Schema V2 = SchemaBuilder.record("Probe").namespace("it").fields()
      .requiredString("id").requiredLong("ts").name("bytes").type().longType().longDefault(0).endRecord();
  static final Schema V3_BAD = SchemaBuilder.record("Probe").namespace("it").fields()
      .requiredString("id").requiredLong("ts").requiredString("host").endRecord();

  @Test
  void registersEvolvesCompatiblyAndRejectsIncompatibleChanges() {
    String subject = StackEnv.unique("probe") + "-value";
    registry.setCompatibility(subject, Compatibility.BACKWARD);
    assertThat(registry.compatibility(subject)).isEqualTo(Compatibility.BACKWARD);

    int v1 = registry.register(subject, V1);
    assertThat(registry.register(subject, V1)).as("idempotent").isEqualTo(v1);
    assertThat(registry.lookup(subject, V1)).isEqualTo(v1);
    assertThat(registry.schemaById(v1)).isEqualTo(V1);

    assertThat(registry.checkCompatibility(subject, V2).compatible()).isTrue();
    int v2 = registry.register(subject, V2);
    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.latest(subject).schema()).isEqualTo(V2);
    assertThat(registry.versions(subject)).hasSize(2);

    assertThat(registry.checkCompatibility(subject, V3_BAD).compatible()).isFalse();
    assertThatThrownBy(() -> registry.register(subject, V3_BAD))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("409");
    assertThat(registry.versions(subject)).hasSize(2);
  }

  @Test
  void unknownIdsAndSubjectsAreNotFound() {
    assertThatThrownBy(() -> registry.schemaById(Integer.MAX_VALUE - 7))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
    assertThatThrownBy(() -> registry.lookup(StackEnv.unique("missing") + "-value", V1))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
  }

  @Test
  void aRecordWrittenWithV1IsReadWithV2() {
    String topic = StackEnv.unique("evolve");
    String subject = AvroSerde.subject(topic, false);
    // v1 of UsageEvent as an older agent would have it: without the fields that have defaults.
    Schema current = UsageEvent.getClassSchema();
    Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
        current.getFields().stream().filter(f -> !f.hasDefaultValue())
            .map(f -> new Schema.Field(f.name(), f.schema(), f.doc())).toList());
    registry.setCompatibility(subject, Compatibility.FULL_TRANSITIVE);
    int olderId = registry.register(subject, older);

    UsageEvent sample = UsageEvents.claude("evt-1", Instant.parse("2026-11-24T08:00:00.250Z")).setTeam("ignored").build();
    GenericRecord rec = new GenericData.Record(older);
    for (Schema.Field f : older.getFields()) {
      rec.put(f.name(), sample.get(f.name()));
    }
    byte[] bytes = WireFormatWriter.write(olderId, older, rec);

    AvroSerde<UsageEvent> serde = AvroSerde.forValue(UsageEvent.class, registry);
    UsageEvent read = serde.decode(topic, bytes);
    assertThat(read.getEventId()).isEqualTo("evt-1");
    assertThat(read.getTeam()).as("absent in v1, defaulted in v2").isNull();
    assertThat(read.getEventTime()).isEqualTo(sample.getEventTime());

    // The current schema registers as the next version under FULL_TRANSITIVE and round-trips.
    byte[] v2bytes = serde.encode(topic, sample);
    assertThat(serde.decode(topic, v2bytes)).isEqualTo(sample);
    assertThat(registry.versions(subject)).hasSize(2);
  }
}
