package dev.tokenledger.retry;

import java.util.List;
import java.util.Objects;

/**
 * Which failures are transient (retried) and which are final (passed to the caller at once). Each caller
 * supplies its own: the registry client retries I/O failures and 408/429/5xx answers, the ClickHouse
 * client retries {@code Unavailable}, and so on.
 */
@FunctionalInterface
public interface RetryClassifier {

  boolean isRetriable(Throwable failure);

  /** Retries failures that are instances of one of {@code types}; everything else is final. */
  @SafeVarargs
  static RetryClassifier instancesOf(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> list = List.of(types);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("name at least one retriable failure type");
    }
    return failure -> failure != null && list.stream().anyMatch(t -> t.isInstance(failure));
  }

  /** Retries what both this and {@code other} retry. */
  default RetryClassifier and(RetryClassifier other) {
    Objects.requireNonNull(other, "other");
    return failure -> isRetriable(failure) && other.isRetriable(failure);
  }
}
