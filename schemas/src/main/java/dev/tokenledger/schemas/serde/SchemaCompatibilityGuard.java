package dev.tokenledger.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Checks once per writer schema that the reader type can read it, with Avro's own checker. */
final class SchemaCompatibilityGuard {

  private SchemaCompatibilityGuard() {}

  static void requireReadable(Schema writer, Schema reader, int id, String topic, Class<?> type) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new WireFormatException.IncompatibleSchema(
          "schema id " + id + " on '" + topic + "' cannot be read as " + type.getSimpleName() + ": "
              + result.getResult().getIncompatibilities(),
          null);
    }
  }
}
