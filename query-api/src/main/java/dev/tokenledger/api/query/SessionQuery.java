package dev.tokenledger.api.query;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The requests of one session, within the caller's scope ({@code scope}: dimension in values, e.g. the
 * organisation and, for a developer, their user id). A session outside the scope is not found.
 *
 * @param sessionId the session
 * @param scope restrictions the session's events must meet
 * @param page the slice of the session's requests, in event-time order
 */
public record SessionQuery(String sessionId, Map<Dimension, Set<String>> scope, PageRequest page) {

  public SessionQuery {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 512) {
      throw new IllegalArgumentException("session id must be 1..512 characters");
    }
    Map<Dimension, Set<String>> copy = new EnumMap<>(Dimension.class);
    scope.forEach((d, v) -> copy.put(d, Set.copyOf(v)));
    scope = Map.copyOf(copy);
    Objects.requireNonNull(page, "page");
  }
}
