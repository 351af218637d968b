package dev.tokenledger.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A Schema Registry speaking the Confluent REST API (Confluent SR, Karapace, Redpanda, Apicurio's
 * ccompat API). Every method throws a subclass of {@link SchemaRegistryException}; transient
 * failures surface as {@link SchemaRegistryException.Unavailable} once retries are exhausted.
 */
public interface SchemaRegistry {

  /** Registers the schema under the subject (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of a schema already registered under the subject. */
  int lookup(String subject, Schema schema);

  /** The schema with the given global id. */
  Schema schemaById(int id);

  /** The latest version registered under the subject. */
  RegisteredSchema latest(String subject);

  /** All version numbers of the subject, ascending. */
  List<Integer> versions(String subject);

  /** All subjects. */
  List<String> subjects();

  /** Tests the schema against the subject's latest version under the subject's compatibility level. */
  CompatibilityResult checkCompatibility(String subject, Schema schema);

  /** The compatibility level of the subject, or the global level when the subject has none. */
  Compatibility compatibility(String subject);

  /** Sets the subject's compatibility level ({@code null} subject = global). */
  void setCompatibility(String subject, Compatibility level);

  /** A schema registered under a subject. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) {}

  /** The outcome of a compatibility check; {@code messages} explain an incompatibility. */
  record CompatibilityResult(boolean compatible, List<String> messages) {}

  /** Confluent compatibility levels. */
  enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
  }
}
