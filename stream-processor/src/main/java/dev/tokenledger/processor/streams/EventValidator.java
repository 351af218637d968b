package dev.tokenledger.processor.streams;

import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a decoded usage event before it is counted. Every problem is reported, not just the first.
 *
 * <ul>
 *   <li>The record key must equal the event id: de-duplication relies on all copies of an event landing
 *       in the same partition.
 *   <li>Token counts are not negative.
 *   <li>The event time lies at most {@code maxFutureSkew} after the agent's observed time (one
 *       laptop's clocks disagree) and at most {@code maxFutureSkew} after the processor's own clock
 *       (the laptop's clock is wrong as a whole). An event dated in the future would advance the stream
 *       time of its organisation's rollups and close every open period.
 * </ul>
 */
final class EventValidator {

  private final Duration maxFutureSkew;

  EventValidator(Duration maxFutureSkew) {
    this.maxFutureSkew = maxFutureSkew;
  }

  /** The problems of {@code e}, received under {@code key} when the processor's clock reads {@code now}. */
  List<String> problems(String key, UsageEvent e, Instant now) {
    List<String> out = new ArrayList<>();
    if (blank(e.getEventId())) {
      out.add("eventId is blank");
    } else if (!e.getEventId().equals(key)) {
      out.add("record key '" + key + "' differs from eventId '" + e.getEventId()
          + "' (events must be keyed by event id so that copies meet in one partition)");
    }
    required(out, "provider", e.getProvider());
    required(out, "model", e.getModel());
    required(out, "orgId", e.getOrgId());
    required(out, "userId", e.getUserId());
    required(out, "projectId", e.getProjectId());
    required(out, "sessionId", e.getSessionId());
    tokens(out, e.getTokens());
    if (e.getEventTime().isAfter(e.getObservedTime().plus(maxFutureSkew))) {
      out.add("eventTime " + e.getEventTime() + " is more than " + maxFutureSkew + " after observedTime " + e.getObservedTime());
    }
    if (e.getEventTime().isAfter(now.plus(maxFutureSkew))) {
      out.add("eventTime " + e.getEventTime() + " is more than " + maxFutureSkew + " (events.max_future_skew) after the"
          + " stream processor's clock " + now + ": the clock of host '" + e.getHost() + "' is probably wrong;"
          + " counting it would close the open rollup periods of org '" + e.getOrgId() + "'");
    }
    return out;
  }

  private static void tokens(List<String> out, TokenCounts t) {
    if (t.getInput() < 0 || t.getOutput() < 0 || t.getCacheWrite5m() < 0 || t.getCacheWrite1h() < 0 || t.getCacheRead() < 0
        || t.getReasoning() < 0 || t.getTool() < 0) {
      out.add("negative token count in " + t);
    }
  }

  private static void required(List<String> out, String field, CharSequence v) {
    if (blank(v)) {
      out.add(field + " is blank");
    }
  }

  private static boolean blank(CharSequence v) {
    return v == null || v.toString().isBlank();
  }
}
