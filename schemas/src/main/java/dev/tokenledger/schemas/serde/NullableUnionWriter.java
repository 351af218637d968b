package dev.tokenledger.schemas.serde;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A {@link SpecificDatumWriter} that picks the branch of an optional field's union ({@code ["null", T]}
 * or {@code [T, "null"]}) by the value being null or not, instead of resolving the value's schema name
 * through the union's name index on every write (Avro's general rule, which tests the value against
 * every kind of schema: ~1.5 % of the stream processor's CPU per event, ADR 0226). Every optional field
 * of the product's schemas is such a union; other unions take Avro's general rule. The bytes are the
 * same: for a non-null value the only other branch is the one Avro's rule would pick for a value of the
 * generated field's type, and a value of a wrong type still fails to encode (when its branch is written).
 *
 * <p>It can also splice one nested record's known body into the encoding ({@link #splice}, ADR 0227):
 * when that very object (by identity) is written under a schema equal to its own, its Avro body is
 * copied instead of encoded field by field. Binary Avro has no framing around a nested record, so the
 * bytes are the same as encoding it. A writer with a splice is used by one thread at a time.
 *
 * <p>A {@code BigDecimal} written as a {@code bytes} decimal of at most 18 digits takes a shortcut
 * ({@link #convert}, ADR 0227 second part): its unscaled value is read as a {@code long} and its
 * two's-complement bytes are written from a scratch array, instead of Avro's conversion building a {@code
 * BigInteger}, a byte array and a {@code ByteBuffer} per value. The shortcut is taken only where Avro's
 * checks cannot fail and change nothing — zero (at any scale: always one {@code 0x00} byte), or a value
 * already at the schema's scale and within its precision — and the bytes are those of {@code
 * unscaledValue().toByteArray()}, which Avro's {@code DecimalConversion} writes. Any other value (another
 * scale, more digits, another logical type or conversion) goes to Avro, which rescales it or fails as before.
 */
final class NullableUnionWriter<T> extends SpecificDatumWriter<T> {

  private Object splicedValue;
  private Schema splicedSchema;
  private byte[] splicedWire;
  private Schema checkedSchema;
  private Schema checkedAgainst;
  private boolean checkedEqual;

  /** Stands for "the decimal in {@link #scratch}" between {@link #convert} and its write. */
  private static final Object SCRATCH_DECIMAL = new Object();

  /** The digits a {@code long} always holds: |unscaled| &lt; 10^18 &lt; 2^63. */
  private static final int LONG_DIGITS = 18;

  /** The unscaled bytes of the decimal being written (at most 8 for a long). */
  private final byte[] scratch = new byte[Long.BYTES];
  private int scratchLength;

  NullableUnionWriter(Schema root, SpecificData model) {
    super(root, model);
  }

  /**
   * Avro's decimal conversion rescales the value (failing if that would round), checks its precision and
   * returns {@code ByteBuffer.wrap(unscaledValue().toByteArray())}. Zero passes both checks at any scale
   * and is always {@code {0}}; a value at the schema's scale needs no rescaling, so only the precision
   * check is left. Such a value of at most 18 digits is written from {@link #scratch}; Avro's conversion
   * takes every other one, and only its write (in {@link #writeWithoutConversion}, right after this call)
   * reads the scratch.
   */
  @Override
  protected <C> Object convert(Schema schema, LogicalType logicalType, Conversion<C> conversion, Object datum) {
    if (datum instanceof BigDecimal value
        && logicalType instanceof LogicalTypes.Decimal decimal
        && conversion instanceof Conversions.DecimalConversion
        && schema.getType() == Schema.Type.BYTES) {
      if (value.signum() == 0) {
        scratch[0] = 0;
        scratchLength = 1;
        return SCRATCH_DECIMAL;
      }
      int digits = value.precision();
      if (value.scale() == decimal.getScale() && digits <= decimal.getPrecision() && digits <= LONG_DIGITS) {
        holdUnscaled(value.scaleByPowerOfTen(value.scale()).longValueExact());
        return SCRATCH_DECIMAL;
      }
    }
    return super.convert(schema, logicalType, conversion, datum);
  }

  /** The bytes of {@code BigInteger.valueOf(unscaled).toByteArray()}: minimal big-endian two's complement. */
  private void holdUnscaled(long unscaled) {
    int bitLength = Long.SIZE - Long.numberOfLeadingZeros(unscaled < 0 ? ~unscaled : unscaled);
    int length = bitLength / Byte.SIZE + 1;
    for (int i = 0; i < length; i++) {
      scratch[i] = (byte) (unscaled >> (Byte.SIZE * (length - 1 - i)));
    }
    scratchLength = length;
  }

  /**
   * Until {@link #clearSplice}: {@code value}, a record of schema {@code schema}, is written as the Avro body
   * of {@code wire} (the Confluent wire format: the body follows the 5-byte header), which must be its
   * encoding under {@code schema}.
   */
  void splice(Object value, Schema schema, byte[] wire) {
    this.splicedValue = value;
    this.splicedSchema = schema;
    this.splicedWire = wire;
  }

  void clearSplice() {
    this.splicedValue = null;
    this.splicedSchema = null;
    this.splicedWire = null;
  }

  /** Every value is written here, after its logical-type conversion (a record has none). */
  @Override
  protected void writeWithoutConversion(Schema schema, Object datum, Encoder out) throws IOException {
    if (datum == SCRATCH_DECIMAL) {
      out.writeBytes(scratch, 0, scratchLength);
      return;
    }
    if (datum != null && datum == splicedValue && sameAsSpliced(schema)) {
      out.writeFixed(splicedWire, AvroSerde.HEADER_SIZE, splicedWire.length - AvroSerde.HEADER_SIZE);
      return;
    }
    super.writeWithoutConversion(schema, datum, out);
  }

  /** Schema equality, remembered for the last pair of schema objects (the same two on every record). */
  private boolean sameAsSpliced(Schema schema) {
    if (schema != checkedSchema || splicedSchema != checkedAgainst) {
      checkedSchema = schema;
      checkedAgainst = splicedSchema;
      checkedEqual = schema == splicedSchema || schema.equals(splicedSchema);
    }
    return checkedEqual;
  }

  @Override
  protected int resolveUnion(Schema union, Object datum) {
    List<Schema> branches = union.getTypes();
    if (branches.size() == 2) {
      if (branches.get(0).getType() == Schema.Type.NULL) {
        return datum == null ? 0 : 1;
      }
      if (branches.get(1).getType() == Schema.Type.NULL) {
        return datum == null ? 1 : 0;
      }
    }
    return super.resolveUnion(union, datum);
  }
}
