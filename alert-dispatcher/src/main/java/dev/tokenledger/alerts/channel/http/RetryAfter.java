package dev.tokenledger.alerts.channel.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A date in the past
 * is a zero pause; anything else unreadable is ignored (the caller's backoff applies), never an error.
 */
final class RetryAfter {

  /** Longer requests than this are cut to it before any configured cap (a year of seconds stays exact). */
  private static final long MAX_SECONDS = 366L * 24 * 3600;

  private RetryAfter() {}

  static Optional<Duration> parse(String value, Instant now) {
    String v = value.trim();
    if (v.matches("[0-9]{1,18}")) {
      return Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(v), MAX_SECONDS)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0
          ? Duration.ofSeconds(MAX_SECONDS) : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
