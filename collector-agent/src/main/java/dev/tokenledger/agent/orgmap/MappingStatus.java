package dev.tokenledger.agent.orgmap;

import java.time.Instant;

/**
 * What is known about the organisation mapping, for {@code doctor} and the log.
 *
 * @param location the configured URL or file, or null when none is configured
 * @param state see {@link State}
 * @param fetchedAt when the document in use was received, or null
 * @param checkedAt when the location last confirmed it (a 200 or a 304), or null
 * @param etag the document's ETag, or null
 * @param rules rules in the document in use (0 without one)
 * @param lastError the last failed read or rejected document, or null when the last read succeeded
 * @param errorAt when that happened, or null
 */
public record MappingStatus(String location, State state, Instant fetchedAt, Instant checkedAt, String etag, int rules,
    String lastError, Instant errorAt) {

  public enum State {
    /** No {@code [org] mapping}. */
    NOT_CONFIGURED,
    /** A document is in use and its last read succeeded. */
    CURRENT,
    /** The last good document is in use, but the last read failed or was rejected. */
    STALE,
    /** No document could be read yet and none is cached: team and cost centre stay unset by the mapping. */
    UNAVAILABLE
  }

  static MappingStatus notConfigured() {
    return new MappingStatus(null, State.NOT_CONFIGURED, null, null, null, 0, null, null);
  }
}
