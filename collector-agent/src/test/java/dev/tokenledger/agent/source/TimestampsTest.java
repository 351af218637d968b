package dev.tokenledger.agent.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  /** What the general parser says (the reference the fast path must agree with). */
  private static Instant reference(String s) {
    try {
      return Instant.parse(s).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void theFastPathAgreesWithTheGeneralParserOnRandomUtcTimestamps() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 8_000_000_000L);
      int nanos = random.nextInt(1_000_000_000);
      String text = Instant.ofEpochSecond(seconds, nanos).toString(); // 0, 3, 6 or 9 fraction digits
      Instant fast = Timestamps.utcMillis(text);
      assertNotNull(fast, text);
      assertEquals(reference(text), fast, text);
    }
  }

  @Test
  void everyFractionLengthAndEdgeOfTheCalendar() {
    List<String> texts = List.of("2026-09-05T23:26:38Z", "2026-09-05T23:26:38.7Z", "2026-09-05T23:26:38.77Z",
        "2026-09-05T23:26:38.773Z", "2026-09-05T23:26:38.7731Z", "2026-09-05T23:26:38.773123456Z",
        "2024-02-29T00:00:00.000Z", "2000-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59.999Z");
    for (String t : texts) {
      assertEquals(reference(t), Timestamps.utcMillis(t), t);
      assertEquals(reference(t), Timestamps.parse(t), t);
    }
  }

  @Test
  void formsTheFastPathDoesNotTakeStillParseOrFailAsBefore() {
    List<String> texts = List.of("2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-09-05T24:00:00Z", "2026-09-05T23:60:00Z", "2026-09-05T23:59:60Z", "2026-09-05T23:26:38.Z",
        "2026-09-05T23:26:38.1234567890Z", "2026-09-05 23:26:38Z", "2026-9-05T23:26:38.773Z", "+2026-09-05T23:26:38Z",
        "2026-09-05T23:26:38.773+02:00", "2026-09-05T23:26:38x773Z", "not a time at all, not at all");
    for (String t : texts) {
      Instant expected = reference(t);
      if (expected == null && t.endsWith("+02:00")) {
        expected = java.time.OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
      }
      assertEquals(expected, Timestamps.parse(t), t);
    }
    assertNull(Timestamps.utcMillis("2026-02-29T00:00:00Z"));
    assertNull(Timestamps.parse(""));
    assertNull(Timestamps.parse(null));
  }
}
