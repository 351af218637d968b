package dev.tokenledger.processor.rollup;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ISO-8601 text of period starts in rollup keys, both ways, memoised (ADR 0226). A key is formatted
 * for every rollup emitted and every late event added to an older bucket, and parsed for every older
 * bucket emitted or expired; {@link Instant#toString()} and {@link Instant#parse} cost a formatter run
 * each (~3 % of the stream threads' CPU in the profile), while a task only ever sees a few hundred
 * distinct period starts (the open hours, days, weeks and months). The text is exactly what
 * {@link Instant} produces; the memo is dropped whole when it grows past its bound, so an unusual
 * spread of starts costs time, never memory.
 */
final class PeriodStartText {

  static final int MAX_ENTRIES = 4_096;

  private static final Map<Long, String> TEXT = new ConcurrentHashMap<>();
  private static final Map<String, Instant> PARSED = new ConcurrentHashMap<>();

  private PeriodStartText() {}

  /** {@code Instant.ofEpochMilli(millis).toString()}. */
  static String format(long millis) {
    String text = TEXT.get(millis);
    if (text == null) {
      text = Instant.ofEpochMilli(millis).toString();
      bound(TEXT);
      TEXT.put(millis, text);
    }
    return text;
  }

  /** {@code Instant.parse(text)} (the same exception for text that is not an instant). */
  static Instant parse(String text) {
    Instant at = PARSED.get(text);
    if (at == null) {
      at = Instant.parse(text);
      bound(PARSED);
      PARSED.put(text, at);
    }
    return at;
  }

  private static void bound(Map<?, ?> memo) {
    if (memo.size() >= MAX_ENTRIES) {
      memo.clear();
    }
  }
}
