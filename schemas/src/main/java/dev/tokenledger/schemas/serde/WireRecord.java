package dev.tokenledger.schemas.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A record together with the wire-format bytes it was decoded from, so that forwarding it unchanged
 * costs a copy instead of an Avro encode (ADR 0227). Made by {@link AvroSerde#wire()}'s deserializer,
 * which keeps the bytes only when their writer schema is the serde's own (current) schema; encoded by
 * the same serde, which writes the kept body under the target subject's schema id, or encodes the value
 * when no bytes are kept ({@link #of}).
 *
 * <p>The value must not be modified: a changed record is a new {@code WireRecord.of(changed)}.
 */
public final class WireRecord<T extends SpecificRecord> {

  private final T value;
  private final byte[] wire;
  private final WireRecord<?> nested;

  private WireRecord(T value, byte[] wire, WireRecord<?> nested) {
    this.value = Objects.requireNonNull(value, "value");
    this.wire = wire;
    this.nested = nested;
  }

  /** A record without bytes: encoding it encodes the value. */
  public static <T extends SpecificRecord> WireRecord<T> of(T value) {
    return new WireRecord<>(value, null, null);
  }

  /**
   * A new record that contains a record read with its bytes ({@code nested.value()}, the very object, as
   * one of its fields): encoding it copies that field's body when the bytes are kept and the field's
   * schema is the nested record's, and encodes the rest.
   */
  public static <T extends SpecificRecord> WireRecord<T> containing(T value, WireRecord<?> nested) {
    return new WireRecord<>(value, null, nested != null && nested.keepsBytes() ? nested : null);
  }

  /** A record decoded from {@code wire} (header and body, the body in the current schema). */
  static <T extends SpecificRecord> WireRecord<T> read(T value, byte[] wire) {
    return new WireRecord<>(value, wire, null);
  }

  public T value() {
    return value;
  }

  /** True when encoding it copies the bytes it was read from instead of encoding the value. */
  public boolean keepsBytes() {
    return wire != null;
  }

  /** The bytes it was read from (header and body), or null. Not to be modified. */
  byte[] wire() {
    return wire;
  }

  /** The nested record whose kept bytes encoding splices in, or null. */
  WireRecord<?> nested() {
    return nested;
  }

  @Override
  public String toString() {
    return "WireRecord[" + value + (wire == null ? "" : ", " + wire.length + " bytes kept") + "]";
  }
}
