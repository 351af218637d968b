package dev.tokenledger.schemas.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Checks once per writer schema that the reader type can read it: Avro's own checker, plus the decimals.
 * Avro resolves a decimal by its bytes only, so a writer's {@code decimal(18, 6)} read as the contract's
 * {@code decimal(18, 9)} would pass Avro's check and turn 1.5 into 0.0015; a writer decimal must have the
 * reader's scale and at most its precision.
 */
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
    List<String> decimals = new ArrayList<>();
    decimals(writer, reader, reader.getName(), decimals, new HashSet<>());
    if (!decimals.isEmpty()) {
      throw new WireFormatException.IncompatibleSchema(
          "schema id " + id + " on '" + topic + "' cannot be read as " + type.getSimpleName() + ": " + String.join("; ", decimals),
          null);
    }
  }

  /** Collects the decimal mismatches between the parts of {@code writer} and {@code reader} that resolve to each other. */
  private static void decimals(Schema writer, Schema reader, String path, List<String> out, Set<String> seen) {
    switch (reader.getType()) {
      case RECORD -> {
        if (writer.getType() != Schema.Type.RECORD || !seen.add(writer.getFullName() + "→" + reader.getFullName())) {
          return;
        }
        for (Schema.Field r : reader.getFields()) {
          Schema.Field w = writer.getField(r.name());
          if (w != null) {
            decimals(w.schema(), r.schema(), path + "." + r.name(), out, seen);
          }
        }
      }
      case UNION -> {
        for (Schema w : writer.getType() == Schema.Type.UNION ? writer.getTypes() : List.of(writer)) {
          for (Schema r : reader.getTypes()) {
            if (r.getType() == w.getType() && (!isNamed(r) || r.getFullName().equals(w.getFullName()))) {
              decimals(w, r, path, out, seen);
            }
          }
        }
      }
      case ARRAY -> {
        if (writer.getType() == Schema.Type.ARRAY) {
          decimals(writer.getElementType(), reader.getElementType(), path + "[]", out, seen);
        }
      }
      case MAP -> {
        if (writer.getType() == Schema.Type.MAP) {
          decimals(writer.getValueType(), reader.getValueType(), path + "{}", out, seen);
        }
      }
      case BYTES, FIXED -> {
        if (reader.getLogicalType() instanceof LogicalTypes.Decimal r) {
          LogicalType w = writer.getType() == Schema.Type.UNION ? null : writer.getLogicalType();
          if (!(w instanceof LogicalTypes.Decimal d)) {
            out.add(path + " is written as " + writer.getType().getName() + " without a decimal type, read as decimal("
                + r.getPrecision() + ", " + r.getScale() + ")");
          } else if (d.getScale() != r.getScale() || d.getPrecision() > r.getPrecision()) {
            out.add(path + " is written as decimal(" + d.getPrecision() + ", " + d.getScale() + "), read as decimal("
                + r.getPrecision() + ", " + r.getScale() + "): the scale must be equal and the precision at most the reader's");
          }
        }
      }
      default -> { }
    }
  }

  private static boolean isNamed(Schema s) {
    return s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.ENUM || s.getType() == Schema.Type.FIXED;
  }
}
