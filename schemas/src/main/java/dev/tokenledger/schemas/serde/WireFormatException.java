package dev.tokenledger.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be (de)serialized in the Confluent wire format. The subclasses say why;
 * {@link RegistryUnavailable} is the only transient kind (retry later, do not reject the data).
 */
public class WireFormatException extends SerializationException {

  private static final long serialVersionUID = 1L;

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first byte is not the Confluent magic byte 0: the payload is not in this format. */
  public static final class UnknownMagicByte extends WireFormatException {
    private static final long serialVersionUID = 1L;

    public UnknownMagicByte(String topic, int magic) {
      super("record on '" + topic + "' starts with byte " + magic + ", expected the Confluent magic byte 0", null);
    }
  }

  /** The schema id in the header is not known to the registry. */
  public static final class UnknownSchemaId extends WireFormatException {
    private static final long serialVersionUID = 1L;
    private final int schemaId;

    public UnknownSchemaId(String topic, int schemaId, Throwable cause) {
      super("record on '" + topic + "' references schema id " + schemaId + ", which the registry does not know", cause);
      this.schemaId = schemaId;
    }

    public int schemaId() {
      return schemaId;
    }
  }

  /** The payload is shorter than its header or its Avro body is cut off / corrupt. */
  public static final class TruncatedPayload extends WireFormatException {
    private static final long serialVersionUID = 1L;

    public TruncatedPayload(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The writer schema is not readable as the expected type (incompatible evolution). */
  public static final class IncompatibleSchema extends WireFormatException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchema(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The registry could not be reached after the client's bounded retries. Transient. */
  public static final class RegistryUnavailable extends WireFormatException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
