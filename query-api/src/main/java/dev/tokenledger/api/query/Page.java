package dev.tokenledger.api.query;

import java.util.List;

/**
 * One slice of an ordered answer.
 *
 * @param rows the rows of the slice, in answer order
 * @param truncated true when more rows follow: ask again with {@link PageRequest#next()}
 */
public record Page<T>(List<T> rows, boolean truncated) {

  public Page {
    rows = List.copyOf(rows);
  }

  /**
   * The page of {@code request} from up to {@code limit + 1} fetched rows: the extra row only tells that
   * more follow.
   */
  public static <T> Page<T> of(List<T> fetched, PageRequest request) {
    boolean more = fetched.size() > request.limit();
    return new Page<>(more ? fetched.subList(0, request.limit()) : fetched, more);
  }
}
