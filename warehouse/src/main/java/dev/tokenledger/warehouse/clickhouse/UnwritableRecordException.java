package dev.tokenledger.warehouse.clickhouse;

/** A record with a value the warehouse cannot store (out of a column's range); it goes to the rejected topic. */
public final class UnwritableRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnwritableRecordException(String message) {
    super(message);
  }
}
