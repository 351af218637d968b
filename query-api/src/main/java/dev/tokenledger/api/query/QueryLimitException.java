package dev.tokenledger.api.query;

/**
 * The warehouse refused to finish a question because it exceeded a configured limit (execution time,
 * rows read or memory): a question to narrow, not an outage.
 */
public final class QueryLimitException extends RuntimeException {

  public QueryLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
