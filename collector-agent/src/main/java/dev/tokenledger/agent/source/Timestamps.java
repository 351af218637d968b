package dev.tokenledger.agent.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** ISO-8601 timestamps as written by the assistants, truncated to milliseconds. */
public final class Timestamps {

  private Timestamps() {}

  /** The instant, or null if absent or unparseable. */
  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
