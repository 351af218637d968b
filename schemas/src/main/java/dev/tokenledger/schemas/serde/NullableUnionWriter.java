package dev.tokenledger.schemas.serde;

import java.io.IOException;
import java.util.List;
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
 */
final class NullableUnionWriter<T> extends SpecificDatumWriter<T> {

  private Object splicedValue;
  private Schema splicedSchema;
  private byte[] splicedWire;
  private Schema checkedSchema;
  private Schema checkedAgainst;
  private boolean checkedEqual;

  NullableUnionWriter(Schema root, SpecificData model) {
    super(root, model);
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
