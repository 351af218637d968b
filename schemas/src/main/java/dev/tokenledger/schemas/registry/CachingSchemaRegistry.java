package dev.tokenledger.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry: schema by id, and id by (subject, schema). Everything
 * else (latest versions, configs, compatibility) is always asked of the delegate.
 */
public final class CachingSchemaRegistry implements SchemaRegistry {

  private final SchemaRegistry delegate;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  public CachingSchemaRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  /** A caching client over the Confluent REST API. */
  public static SchemaRegistry connect(RegistryConfig config) {
    return new CachingSchemaRegistry(new ConfluentRestSchemaRegistry(config));
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = idsBySubjectSchema.get(key);
    if (id == null) {
      id = delegate.register(subject, schema);
      idsBySubjectSchema.put(key, id);
      schemasById.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public int lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = idsBySubjectSchema.get(key);
    if (id == null) {
      id = delegate.lookup(subject, schema);
      idsBySubjectSchema.put(key, id);
      schemasById.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = delegate.schemaById(id);
      schemasById.put(id, schema);
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return delegate.latest(subject);
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    return delegate.checkCompatibility(subject, schema);
  }

  @Override
  public Compatibility compatibility(String subject) {
    return delegate.compatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, Compatibility level) {
    delegate.setCompatibility(subject, level);
  }
}
