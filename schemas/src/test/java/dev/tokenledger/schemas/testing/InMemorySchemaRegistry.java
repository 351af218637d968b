package dev.tokenledger.schemas.testing;

import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry in memory for tests without network (TopologyTestDriver, parsers). Checks BACKWARD
 * compatibility against the latest version with Avro's own checker, like a real registry would.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final Map<Integer, Schema> byId = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<String, Compatibility> configs = new LinkedHashMap<>();
  private Compatibility global = Compatibility.BACKWARD;

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> ids = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (int id : ids) {
      if (byId.get(id).equals(schema)) {
        return id;
      }
    }
    CompatibilityResult check = checkCompatibility(subject, schema);
    if (!check.compatible()) {
      throw new SchemaRegistryException.Incompatible("incompatible: " + check.messages(), 409, 409);
    }
    int id = byId.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey).findFirst()
        .orElseGet(() -> byId.size() + 1);
    byId.put(id, schema);
    ids.add(id);
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    for (int id : subjects.getOrDefault(subject, List.of())) {
      if (byId.get(id).equals(schema)) {
        return id;
      }
    }
    throw new SchemaRegistryException.NotFound("schema not found under " + subject, 404, 40403);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema s = byId.get(id);
    if (s == null) {
      throw new SchemaRegistryException.NotFound("schema id " + id + " not found", 404, 40403);
    }
    return s;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> ids = subjects.get(subject);
    if (ids == null || ids.isEmpty()) {
      throw new SchemaRegistryException.NotFound("subject " + subject + " not found", 404, 40401);
    }
    int id = ids.get(ids.size() - 1);
    return new RegisteredSchema(subject, ids.size(), id, byId.get(id));
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= subjects.getOrDefault(subject, List.of()).size(); i++) {
      out.add(i);
    }
    return out;
  }

  @Override
  public synchronized List<String> subjects() {
    return new ArrayList<>(subjects.keySet());
  }

  @Override
  public synchronized CompatibilityResult checkCompatibility(String subject, Schema schema) {
    List<Integer> ids = subjects.getOrDefault(subject, List.of());
    if (ids.isEmpty() || compatibility(subject) == Compatibility.NONE) {
      return new CompatibilityResult(true, List.of());
    }
    Schema latest = byId.get(ids.get(ids.size() - 1));
    var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
    boolean ok = result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    return new CompatibilityResult(ok, ok ? List.of() : List.of(result.getDescription()));
  }

  @Override
  public synchronized Compatibility compatibility(String subject) {
    return subject == null ? global : configs.getOrDefault(subject, global);
  }

  @Override
  public synchronized void setCompatibility(String subject, Compatibility level) {
    if (subject == null) {
      global = level;
    } else {
      configs.put(subject, level);
    }
  }
}
