package dev.tokenledger.processor.streams;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Checks a decoded usage event before it is counted. Every problem is reported, not just the first;
 * {@link Verdict#reason()} sorts them: a malformed event is INVALID_EVENT, a well-formed event dated in
 * the future (a machine whose clock runs fast) is FUTURE_EVENT_TIME.
 *
 * <ul>
 *   <li>The record key must equal the event id: de-duplication relies on all copies of an event landing
 *       in the same partition.
 *   <li>Token counts lie in {@code [0, MAX_TOKENS]} per class, and the billed classes (input, output,
 *       cache writes, cache reads) sum to at most {@link #MAX_TOKENS} (10^12): a million times the
 *       largest context window on sale (1M tokens), so no real request comes near it, while sums of
 *       such counts stay far from {@code long} overflow. Costs are bounded separately by the pricer.
 *   <li>A reported cost fits its schema's decimal (Avro does not check precision when reading).
 *   <li>The event time lies at most {@code maxFutureSkew} after the agent's observed time (one
 *       laptop's clocks disagree) and at most {@code maxFutureSkew} after the processor's own clock
 *       (the laptop's clock is wrong as a whole). The time policy is ADR 0222: beyond the skew the event
 *       is rejected (its payload replayable once the clock is fixed); within it, it is counted, but the
 *       rollup clock never runs ahead of the processor's clock, so it closes no period early.
 * </ul>
 */
final class EventValidator {

  /** Largest accepted count of one token class, and of the billed classes together. */
  static final long MAX_TOKENS = 1_000_000_000_000L;

  /** The schema's decimal of {@code reportedCostUsd} (a union with null). */
  private static final LogicalTypes.Decimal REPORTED_COST = (LogicalTypes.Decimal) UsageEvent.getClassSchema()
      .getField("reportedCostUsd").schema().getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
      .orElseThrow().getLogicalType();

  private final Duration maxFutureSkew;

  EventValidator(Duration maxFutureSkew) {
    this.maxFutureSkew = maxFutureSkew;
  }

  /** The problems found in one event: malformed fields, and event times in the future. */
  record Verdict(List<String> invalid, List<String> future) {
    boolean ok() {
      return invalid.isEmpty() && future.isEmpty();
    }

    /** INVALID_EVENT when anything is malformed, else FUTURE_EVENT_TIME. */
    RejectReason reason() {
      return invalid.isEmpty() ? RejectReason.FUTURE_EVENT_TIME : RejectReason.INVALID_EVENT;
    }

    String message() {
      List<String> all = new ArrayList<>(invalid);
      all.addAll(future);
      return String.join("; ", all);
    }
  }

  /** The problems of {@code e}, received under {@code key} when the processor's clock reads {@code now}. */
  Verdict check(String key, UsageEvent e, Instant now) {
    List<String> out = new ArrayList<>();
    List<String> future = new ArrayList<>(1);
    if (blank(e.getEventId())) {
      out.add("eventId is blank");
    } else if (!e.getEventId().equals(key)) {
      out.add("record key '" + key + "' differs from eventId '" + e.getEventId()
          + "' (events must be keyed by event id so that copies meet in one partition)");
    }
    required(out, "provider", e.getProvider());
    required(out, "model", e.getModel());
    required(out, "orgId", e.getOrgId());
    if (e.getOrgId() != null && e.getOrgId().indexOf('|') >= 0) {
      out.add("orgId '" + e.getOrgId() + "' contains '|', which separates the parts of rollup keys");
    }
    required(out, "userId", e.getUserId());
    required(out, "projectId", e.getProjectId());
    required(out, "sessionId", e.getSessionId());
    tokens(out, e.getTokens());
    reportedCost(out, e.getReportedCostUsd());
    if (e.getEventTime().isAfter(e.getObservedTime().plus(maxFutureSkew))) {
      future.add("eventTime " + e.getEventTime() + " is more than " + maxFutureSkew + " after observedTime " + e.getObservedTime());
    }
    if (e.getEventTime().isAfter(now.plus(maxFutureSkew))) {
      future.add("eventTime " + e.getEventTime() + " is more than " + maxFutureSkew + " (events.max_future_skew) after the"
          + " stream processor's clock " + now + ": the clock of host '" + e.getHost() + "' is probably wrong;"
          + " replay it from the payload once that clock is fixed");
    }
    return new Verdict(out, future);
  }

  private static void tokens(List<String> out, TokenCounts t) {
    long[] counts = {t.getInput(), t.getOutput(), t.getCacheWrite5m(), t.getCacheWrite1h(), t.getCacheRead(), t.getReasoning(),
        t.getTool()};
    String[] names = {"input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead", "reasoning", "tool"};
    boolean negative = false;
    List<String> tooLarge = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      negative |= counts[i] < 0;
      if (counts[i] > MAX_TOKENS) {
        tooLarge.add(names[i] + " = " + counts[i]);
      }
    }
    if (negative) {
      out.add("negative token count in " + t);
    }
    if (!tooLarge.isEmpty()) {
      out.add("token count above the maximum of " + MAX_TOKENS + " per class: " + String.join(", ", tooLarge));
    }
    if (!negative && tooLarge.isEmpty()) {
      // each billed class is in [0, 10^12], so the sum is exact (addExact only documents it)
      long billed = Math.addExact(Math.addExact(Math.addExact(t.getInput(), t.getOutput()),
          Math.addExact(t.getCacheWrite5m(), t.getCacheWrite1h())), t.getCacheRead());
      if (billed > MAX_TOKENS) {
        out.add("billed tokens (input + output + cacheWrite5m + cacheWrite1h + cacheRead) sum to " + billed
            + ", above the maximum of " + MAX_TOKENS + " per request");
      }
    }
  }

  /**
   * A reported cost must fit its schema's decimal. Avro does not check a decimal's precision when it reads
   * one, and the priced record carries the event's bytes as received (ADR 0227), so an out-of-range value
   * from a producer that does not check either is refused here instead of reaching the priced topic and
   * the warehouse's Decimal column.
   */
  private static void reportedCost(List<String> out, BigDecimal cost) {
    if (!fits(cost)) {
      out.add("reportedCostUsd " + cost.toPlainString() + " does not fit decimal(" + REPORTED_COST.getPrecision() + ", "
          + REPORTED_COST.getScale() + ") (the rejection's event is without it; its payload holds the bytes as received)");
    }
  }

  private static boolean fits(BigDecimal cost) {
    return cost == null || (cost.scale() <= REPORTED_COST.getScale()
        && cost.precision() - cost.scale() <= REPORTED_COST.getPrecision() - REPORTED_COST.getScale());
  }

  /**
   * The event as a rejection can carry it: without a reported cost that does not fit its decimal (Avro
   * refuses to write it); the rejection's payload keeps the bytes as received.
   */
  static UsageEvent carriable(UsageEvent e) {
    if (fits(e.getReportedCostUsd())) {
      return e;
    }
    UsageEvent copy = new UsageEvent();   // field by field: the builder would convert, and refuse, the cost
    int cost = UsageEvent.getClassSchema().getField("reportedCostUsd").pos();
    for (int i = 0; i < UsageEvent.getClassSchema().getFields().size(); i++) {
      copy.put(i, i == cost ? null : e.get(i));
    }
    return copy;
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
