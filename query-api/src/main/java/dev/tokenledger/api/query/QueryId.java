package dev.tokenledger.api.query;

import java.util.UUID;

/**
 * The identity of one warehouse query, given by the caller so it can be logged, returned to the client
 * and cancelled while it runs.
 */
public record QueryId(String value) {

  public QueryId {
    if (value == null || !value.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("not a query id: '" + value + "'");
    }
  }

  public static QueryId random() {
    return new QueryId("tl-" + UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value;
  }
}
