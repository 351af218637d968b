package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.PeriodWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The running aggregate of one rollup (one dimension value over one calendar period), the internal
 * state behind a {@link UsageRollup}. Mutable: the rollup processor adds events to it in place and
 * writes it to its store after every change; it becomes an Avro {@link UsageRollup} only when emitted.
 */
public final class RollupBucket {

  /** Token classes in {@link TokenCounts} field order. */
  static final int TOKEN_CLASSES = 7;

  private final Period period;
  private final long start;
  private final long end;
  private final long[] tokens;
  private final MoneySum cost;
  private final MoneySum cacheSavings;
  private long requests;
  private long sessions;
  private long lastEventTime;
  private long updatedTime;

  RollupBucket(Period period, long start, long end, long[] tokens, MoneySum cost, MoneySum cacheSavings,
      long requests, long sessions, long lastEventTime, long updatedTime) {
    this.period = Objects.requireNonNull(period, "period");
    if (end <= start) {
      throw new IllegalArgumentException("bucket end " + end + " is not after its start " + start);
    }
    if (tokens.length != TOKEN_CLASSES) {
      throw new IllegalArgumentException("expected " + TOKEN_CLASSES + " token classes, got " + tokens.length);
    }
    this.start = start;
    this.end = end;
    this.tokens = tokens;
    this.cost = Objects.requireNonNull(cost, "cost");
    this.cacheSavings = Objects.requireNonNull(cacheSavings, "cacheSavings");
    this.requests = requests;
    this.sessions = sessions;
    this.lastEventTime = lastEventTime;
    this.updatedTime = updatedTime;
  }

  /** An empty bucket for the window (last event and update time at its start). */
  public static RollupBucket empty(PeriodWindow w) {
    long start = w.start().toEpochMilli();
    return new RollupBucket(w.period(), start, w.end().toEpochMilli(), new long[TOKEN_CLASSES], MoneySum.zero(),
        MoneySum.zero(), 0, 0, start, start);
  }

  /** Adds one priced event; {@code newSession} says whether its session is new in this bucket. */
  public void add(PricedUsage priced, boolean newSession, long streamTime) {
    add(RollupDelta.of(priced), newSession, streamTime);
  }

  void add(TokenCounts e, BigDecimal eventCost, BigDecimal eventSavings, long eventTime, boolean newSession, long streamTime) {
    add(RollupDelta.of(e, eventCost, eventSavings, eventTime), newSession, streamTime);
  }

  /**
   * Applies an event's signed delta (ADR 0228: computed once per event for its 32 buckets). A revision
   * (ADR 0145) adds the difference between the revised counts and cost and the replaced ones; its request
   * and session were counted with the replaced version.
   */
  public void add(RollupDelta d, boolean newSession, long streamTime) {
    for (int i = 0; i < TOKEN_CLASSES; i++) {
      tokens[i] += d.tokens[i];
    }
    if (d.costFits) {
      cost.addNanos(d.costNanos);
    } else {
      cost.add(d.cost);
    }
    if (d.savingsFits) {
      cacheSavings.addNanos(d.savingsNanos);
    } else {
      cacheSavings.add(d.savings);
    }
    if (d.countsRequest) {
      requests++;
      if (newSession) {
        sessions++;
      }
      if (d.eventTime > lastEventTime) {
        lastEventTime = d.eventTime;
      }
    }
    updatedTime = streamTime;
  }

  /** The Avro record of this bucket, as published on the rollup topic. */
  public UsageRollup toRollup(String orgId, Scope dimension, String value, ZoneId zone) {
    TokenCounts sum = new TokenCounts(tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], tokens[5], tokens[6]);
    long prompt = tokens[0] + tokens[2] + tokens[3] + tokens[4];
    return new UsageRollup(orgId, dimension, value, period, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
        zone.getId(), sum, cost.value(), cacheSavings.value(), requests, sessions, prompt == 0 ? 0.0 : (double) tokens[4] / prompt,
        Instant.ofEpochMilli(lastEventTime), Instant.ofEpochMilli(updatedTime));
  }

  /** The rollup key ({@link RollupKey#asString()}) of this bucket for a dimension value. */
  public String key(String orgId, Scope dimension, String value) {
    return RollupKey.asString(orgId, dimension, value, period, start);
  }

  public boolean isWindow(PeriodWindow w) {
    return w.period() == period && w.start().toEpochMilli() == start;
  }

  public Period period() {
    return period;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  /** The summed cost (a new BigDecimal per call). */
  public BigDecimal cost() {
    return cost.value();
  }

  MoneySum costSum() {
    return cost;
  }

  MoneySum cacheSavingsSum() {
    return cacheSavings;
  }

  long token(int i) {
    return tokens[i];
  }

  public long requests() {
    return requests;
  }

  long sessions() {
    return sessions;
  }

  long lastEventTime() {
    return lastEventTime;
  }

  long updatedTime() {
    return updatedTime;
  }
}
