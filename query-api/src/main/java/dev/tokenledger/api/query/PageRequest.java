package dev.tokenledger.api.query;

/**
 * Which slice of an ordered answer to return: {@code limit} rows after skipping {@code offset}. An
 * answer says whether rows follow the slice ({@link Page#truncated()}), so nothing is cut silently.
 *
 * @param offset rows skipped (0..{@value #MAX_OFFSET})
 * @param limit rows returned at most (1..{@value #MAX_LIMIT})
 */
public record PageRequest(int offset, int limit) {

  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 1_000;
  public static final int MAX_OFFSET = 10_000_000;

  public PageRequest {
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET + ": " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(0, limit);
  }

  public PageRequest next() {
    return new PageRequest(offset + limit, limit);
  }
}
