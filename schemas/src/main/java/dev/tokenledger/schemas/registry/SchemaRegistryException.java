package dev.tokenledger.schemas.registry;

/** Base of every Schema Registry failure, sorted by kind so callers can react precisely. */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** HTTP status of the registry's answer, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code (e.g. 40403), or 0. */
  public int errorCode() {
    return errorCode;
  }

  /** Subject, version or schema does not exist (404xx). */
  public static final class NotFound extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message, int httpStatus, int errorCode) {
      super(message, httpStatus, errorCode, null);
    }
  }

  /** The schema breaks the subject's compatibility policy (409). */
  public static final class Incompatible extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Incompatible(String message, int httpStatus, int errorCode) {
      super(message, httpStatus, errorCode, null);
    }
  }

  /** The request was invalid: bad schema, bad version, bad compatibility level (422xx, 400). */
  public static final class Invalid extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Invalid(String message, int httpStatus, int errorCode) {
      super(message, httpStatus, errorCode, null);
    }
  }

  /** The registry could not be reached or failed (5xx, timeouts) after the bounded retries. */
  public static final class Unavailable extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, int httpStatus, Throwable cause) {
      super(message, httpStatus, 0, cause);
    }
  }
}
