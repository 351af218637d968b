package dev.tokenledger.schemas.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

/** Parses a directory of .avsc files whose named types reference each other, in any file order. */
final class SchemaSet {

  private SchemaSet() {}

  /** All named schemas of the directory, by full name. */
  static Map<String, Schema> load(Path dir) {
    List<Path> pending;
    try (Stream<Path> files = Files.list(dir)) {
      pending = new ArrayList<>(files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Schema> known = new LinkedHashMap<>();
    // Parse repeatedly: a file that references a type not yet known waits for the next round.
    while (!pending.isEmpty()) {
      List<Path> next = new ArrayList<>();
      for (Path file : pending) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(known.values());
        try {
          Schema s = parser.parse(Files.readString(file));
          known.putAll(parser.getTypes());
          known.put(s.getFullName(), s);
        } catch (AvroRuntimeException e) {
          next.add(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (next.size() == pending.size()) {
        throw new IllegalStateException("unresolvable schema references in " + next);
      }
      pending = next;
    }
    return known;
  }
}
