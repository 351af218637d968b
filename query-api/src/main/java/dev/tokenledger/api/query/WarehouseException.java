package dev.tokenledger.api.query;

/** The warehouse could not answer: unreachable, or it rejected the query (with its message). */
public class WarehouseException extends RuntimeException {

  public WarehouseException(String message, Throwable cause) {
    super(message, cause);
  }

  public WarehouseException(String message) {
    super(message);
  }
}
