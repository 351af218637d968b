package dev.tokenledger.agent.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A record a parser could not use.
 *
 * @param file the file
 * @param offset byte offset of the record's start (or -1 if not applicable)
 * @param kind the category, for counters
 * @param reason a human-readable reason
 * @param excerpt at most 200 characters of the offending record with no prompt/response content
 *     (may be empty)
 */
public record ParseProblem(Path file, long offset, Kind kind, String reason, String excerpt) {

  public enum Kind {
    MALFORMED_RECORD,
    MISSING_FIELD,
    /** A value of the wrong kind: a token count that is negative, a fraction or a string; a cost that is no decimal. */
    INVALID_VALUE,
    /** A request outside the configured usage limits ({@code limits.*}): too many tokens, a cost too high, a time too far off. */
    OUT_OF_LIMITS,
    UNKNOWN_MODEL,
    UNSUPPORTED_FORMAT,
    UNREADABLE,
    VANISHED
  }

  public ParseProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    excerpt = excerpt == null ? "" : excerpt.length() > 200 ? excerpt.substring(0, 200) : excerpt;
  }
}
