package dev.tokenledger.schemas.serde;

import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one Avro serde of the product: any generated {@link SpecificRecord} type, in the Confluent
 * wire format (magic byte 0, 4-byte big-endian schema id, Avro binary), subjects by
 * TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}).
 *
 * <p>The writer registers (or, with auto-registration off, looks up) its schema once per subject;
 * the reader resolves every writer schema by id, so records written by older (or newer, compatible)
 * schema versions decode into the current type. {@code null} maps to {@code null} both ways
 * (tombstones).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** The Confluent wire-format magic byte. */
  public static final byte MAGIC = 0;

  /** Magic byte + 4-byte schema id. */
  public static final int HEADER_SIZE = 5;

  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaRegistry registry;
  private final boolean isKey;
  private final boolean autoRegister;
  private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Reader<T>> readersById = new ConcurrentHashMap<>();
  /** Per thread: the buffers and a writer (a writer holds the splice of the record being written). */
  private final ThreadLocal<Buffers<T>> buffers;
  private final Serde<WireRecord<T>> wireSerde;

  /** The reader of one writer schema id; {@code current}: the writer schema is the serde's own. */
  private record Reader<T>(DatumReader<T> reader, boolean current) {}

  private static final class Buffers<T> {
    final GrowableBuffer out = new GrowableBuffer();
    final NullableUnionWriter<T> writer;
    BinaryEncoder encoder;
    BinaryDecoder decoder;

    Buffers(NullableUnionWriter<T> writer) {
      this.writer = writer;
    }
  }

  private AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.buffers = ThreadLocal.withInitial(() -> new Buffers<>(new NullableUnionWriter<>(readerSchema, model)));
    this.wireSerde = Serdes.serdeFrom(this::encodeWire, this::decodeWire);
  }

  /** A value serde that registers its schema on first use. */
  public static <T extends SpecificRecord> AvroSerde<T> forValue(Class<T> type, SchemaRegistry registry) {
    return new AvroSerde<>(type, registry, false, true);
  }

  /**
   * A serde with explicit options.
   *
   * @param isKey subject {@code <topic>-key} instead of {@code <topic>-value}
   * @param autoRegister register the schema on first use; otherwise only look it up (fails if absent)
   */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    return new AvroSerde<>(type, registry, isKey, autoRegister);
  }

  /** TopicNameStrategy. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return readerSchema;
  }

  /** Encodes a record (the serializer without the Kafka interface). */
  public byte[] encode(String topic, T record) {
    if (record == null) {
      return null;
    }
    return encode(topic, record, null);
  }

  /** Encodes a record; the body of {@code nested}'s value, one of the record's fields, is copied from its kept bytes. */
  private byte[] encode(String topic, T record, WireRecord<?> nested) {
    int id = schemaIdFor(topic);
    Buffers<T> b = buffers.get();
    NullableUnionWriter<T> writer = b.writer;
    b.out.reset();
    b.out.write(MAGIC);
    b.out.write(id >>> 24);
    b.out.write(id >>> 16);
    b.out.write(id >>> 8);
    b.out.write(id);
    b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
    if (nested != null) {
      writer.splice(nested.value(), ((SpecificRecord) nested.value()).getSchema(), nested.wire());
    }
    try {
      writer.write(record, b.encoder);
      b.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException("cannot encode " + type.getSimpleName() + " for '" + topic + "': " + e.getMessage(), e);
    } finally {
      if (nested != null) {
        writer.clearSplice();
      }
    }
    return b.out.toByteArray();
  }

  /** Decodes a record (the deserializer without the Kafka interface). */
  public T decode(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    return read(topic, data, readerFor(topic, schemaIdOf(topic, data)));
  }

  /**
   * Decodes a record and keeps the bytes it was read from when their writer schema is this serde's
   * schema, so that {@link #encodeWire} can forward them (ADR 0227); a record of another (older or newer)
   * schema version keeps none and is encoded from its value.
   */
  public WireRecord<T> decodeWire(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    Reader<T> reader = readerFor(topic, schemaIdOf(topic, data));
    T value = read(topic, data, reader);
    return reader.current() ? WireRecord.read(value, data) : WireRecord.of(value);
  }

  /**
   * Encodes a record: its kept bytes under the schema id of {@code topic}'s subject (the same body: the
   * schema is the same), or, when it keeps none, its value as {@link #encode} does — copying the body of a
   * nested record read with its bytes ({@link WireRecord#containing}).
   */
  public byte[] encodeWire(String topic, WireRecord<T> record) {
    if (record == null) {
      return null;
    }
    byte[] kept = record.wire();
    if (kept == null) {
      return encode(topic, record.value(), record.nested());
    }
    int id = schemaIdFor(topic);
    if (ByteBuffer.wrap(kept, 1, 4).getInt() == id) {
      return kept;
    }
    byte[] out = kept.clone();
    out[1] = (byte) (id >>> 24);
    out[2] = (byte) (id >>> 16);
    out[3] = (byte) (id >>> 8);
    out[4] = (byte) id;
    return out;
  }

  /** The serde of records with their wire bytes ({@link #decodeWire}, {@link #encodeWire}). */
  public Serde<WireRecord<T>> wire() {
    return wireSerde;
  }

  /** The schema id of a record's header, after checking the header. */
  private static int schemaIdOf(String topic, byte[] data) {
    if (data.length < HEADER_SIZE) {
      if (data.length > 0 && data[0] != MAGIC) {
        throw new WireFormatException.UnknownMagicByte(topic, data[0]);
      }
      throw new WireFormatException.TruncatedPayload(
          "record on '" + topic + "' has " + data.length + " bytes, shorter than the 5-byte header", null);
    }
    if (data[0] != MAGIC) {
      throw new WireFormatException.UnknownMagicByte(topic, data[0]);
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }

  private T read(String topic, byte[] data, Reader<T> entry) {
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    DatumReader<T> reader = entry.reader();
    Buffers<T> b = buffers.get();
    b.decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, b.decoder);
    try {
      T value = reader.read(null, b.decoder);
      if (!b.decoder.isEnd()) {
        throw new WireFormatException.TruncatedPayload(
            "record on '" + topic + "' (schema id " + id + ") has trailing bytes after the Avro body", null);
      }
      return value;
    } catch (WireFormatException e) {
      throw e;
    } catch (EOFException e) {
      throw new WireFormatException.TruncatedPayload(
          "record on '" + topic + "' (schema id " + id + ") is truncated: the Avro body ends early", e);
    } catch (IOException | RuntimeException e) {
      // any failure to read the body is the record's: Avro's own errors, index and size errors of corrupt
      // lengths, and conversions refusing a value (e.g. a decimal of zero bytes: NumberFormatException)
      throw new WireFormatException.TruncatedPayload(
          "record on '" + topic + "' (schema id " + id + ") has a corrupt Avro body: " + e, e);
    }
  }

  private int schemaIdFor(String topic) {
    String subject = subject(topic, isKey);
    Integer id = idBySubject.get(subject);
    if (id != null) {
      return id;
    }
    try {
      id = autoRegister ? registry.register(subject, readerSchema) : registry.lookup(subject, readerSchema);
    } catch (SchemaRegistryException.Unavailable e) {
      throw new WireFormatException.RegistryUnavailable(e.getMessage(), e);
    } catch (SchemaRegistryException.Incompatible e) {
      throw new WireFormatException.IncompatibleSchema(
          "the " + type.getSimpleName() + " schema is not compatible with subject '" + subject + "': " + e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      throw new WireFormatException("cannot obtain a schema id for subject '" + subject + "': " + e.getMessage(), e);
    }
    idBySubject.put(subject, id);
    return id;
  }

  private Reader<T> readerFor(String topic, int id) {
    Reader<T> known = readersById.get(id);
    if (known != null) {
      return known;
    }
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(id);
    } catch (SchemaRegistryException.NotFound e) {
      throw new WireFormatException.UnknownSchemaId(topic, id, e);
    } catch (SchemaRegistryException e) {
      // any other answer (unreachable, 401/403 after a credential change, a proxy's 400) is about the
      // registry, not the record: callers must stop and retry, never reject the record as undecodable
      throw new WireFormatException.RegistryUnavailable("cannot fetch schema id " + id + ": " + e.getMessage(), e);
    }
    SchemaCompatibilityGuard.requireReadable(writerSchema, readerSchema, id, topic, type);
    Reader<T> reader = new Reader<>(new SpecificDatumReader<>(writerSchema, readerSchema, model), writerSchema.equals(readerSchema));
    readersById.put(id, reader);
    return reader;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> encode(topic, data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> decode(topic, data);
  }
}
