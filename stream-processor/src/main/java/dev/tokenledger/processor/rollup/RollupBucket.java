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
    if (priced.getRevision() > 0) {
      revise(priced, streamTime);
      return;
    }
    add(priced.getEvent().getTokens(), priced.getCost().getTotal(), priced.getCacheSavings(),
        priced.getEvent().getEventTime().toEpochMilli(), newSession, streamTime);
  }

  void add(TokenCounts e, BigDecimal eventCost, BigDecimal eventSavings, long eventTime, boolean newSession, long streamTime) {
    tokens[0] += e.getInput();
    tokens[1] += e.getOutput();
    tokens[2] += e.getCacheWrite5m();
    tokens[3] += e.getCacheWrite1h();
    tokens[4] += e.getCacheRead();
    tokens[5] += e.getReasoning();
    tokens[6] += e.getTool();
    cost.add(eventCost);
    cacheSavings.add(eventSavings);
    requests++;
    if (newSession) {
      sessions++;
    }
    if (eventTime > lastEventTime) {
      lastEventTime = eventTime;
    }
    updatedTime = streamTime;
  }

  /**
   * Applies a revision (ADR 0145): the signed difference between the revised counts and cost and the
   * replaced ones; the request and its session were counted with the replaced version.
   */
  void revise(PricedUsage revision, long streamTime) {
    TokenCounts e = revision.getEvent().getTokens();
    tokens[0] += e.getInput() - revision.getReplacedInputTokens();
    tokens[1] += e.getOutput() - revision.getReplacedOutputTokens();
    tokens[2] += e.getCacheWrite5m() - revision.getReplacedCacheWrite5mTokens();
    tokens[3] += e.getCacheWrite1h() - revision.getReplacedCacheWrite1hTokens();
    tokens[4] += e.getCacheRead() - revision.getReplacedCacheReadTokens();
    tokens[5] += e.getReasoning() - revision.getReplacedReasoningTokens();
    tokens[6] += e.getTool() - revision.getReplacedToolTokens();
    cost.add(revision.getCost().getTotal().subtract(revision.getReplacedCostTotal()));
    cacheSavings.add(revision.getCacheSavings().subtract(revision.getReplacedCacheSavings()));
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
