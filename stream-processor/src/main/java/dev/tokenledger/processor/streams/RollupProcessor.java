package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupDimensions;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds priced events (partitioned by organisation) to the rollups of every dimension and calendar
 * period in the organisation's time zone.
 *
 * <p>State (ADR 0204): one {@code rollup-current} entry per dimension value holding the current
 * bucket of each period kind, so an event costs one store write per dimension (8) instead of one per
 * dimension and period (32); a bucket replaced by a newer one moves to {@code rollup-older} under its
 * rollup key, where late events inside the grace still find it. Distinct sessions are counted with one
 * {@code rollup-session-marks} entry per (dimension value, session). All of it is written to the stores
 * in {@code process}, so it commits with the event's offset; fields only mirror stores (cleared on init).
 *
 * <p>Stream time is the highest event time this task has added, but never later than the processor's
 * wall clock (ADR 0222: an event dated inside the accepted future skew is counted, yet cannot close a
 * period for the other machines of its organisation). It is kept in a store, so it survives restarts,
 * and does not depend on record timestamps. A period accepts events until
 * {@code periodEnd + grace <= stream time}; an event too late for some periods is still added to the
 * periods that are open (a late event can miss its hour but not its month), and is reported once on
 * the rejected topic naming the periods it missed, and counted.
 *
 * <p>Changed rollups are recorded in a dirty-key store. A wall-clock punctuation emits them exactly
 * once ({@link RollupEmitter}) and drops buckets and session marks past their grace ({@link RollupExpiry});
 * both share this processor's stores and caches. This class is the per-event path benchmarked in
 * docs/benchmarks/stream-processor.md, unchanged when they moved out.
 */
final class RollupProcessor implements Processor<String, PricedUsage, String, Outcome> {

  static final String STREAM_TIME = "stream-time";
  /** Dirty-key prefixes (see {@link RollupEmitter}). */
  private static final String CURRENT = RollupEmitter.CURRENT;
  private static final String OLDER = RollupEmitter.OLDER;
  private static final int WEEK_SLOT = RollupBuckets.slot(Period.WEEK);
  private static final int MONTH_SLOT = RollupBuckets.slot(Period.MONTH);

  private final TopologySettings settings;
  private final CalendarPeriods periods;
  private final long graceMillis;
  private final Clock clock;
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, RollupBuckets> current;
  private KeyValueStore<String, RollupBuckets> older;
  private KeyValueStore<String, SessionMarks> sessions;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, Long> expiry;
  private KeyValueStore<String, Long> streamClock;
  private long streamTime = Long.MIN_VALUE;
  private ProcessingMetrics metrics;
  private RollupEmitter emitter;
  private RollupExpiry expiration;
  /** Read caches in front of the stores (write-through; see {@link BoundedCache}). */
  private final BoundedCache<String, RollupBuckets> currentCache = new BoundedCache<>(50_000);
  private final BoundedCache<String, RollupBuckets> olderCache = new BoundedCache<>(20_000);
  private final BoundedCache<String, SessionMarks> sessionCache = new BoundedCache<>(200_000);
  /** The dirty store's content (loaded on init, written through). */
  private final Map<String, Long> dirtyMarks = new LinkedHashMap<>();
  /** The last window computed per period slot (a pure function of the event time: reused while it contains it). */
  private final PeriodWindow[] lastWindows = new PeriodWindow[RollupBuckets.PERIODS.length];

  RollupProcessor(TopologySettings settings, Clock clock) {
    this.settings = settings;
    this.periods = new CalendarPeriods(settings.orgTimeZone());
    this.graceMillis = settings.grace().toMillis();
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    currentCache.clear();
    olderCache.clear();
    sessionCache.clear();
    current = context.getStateStore(StoreNames.ROLLUP_CURRENT);
    older = context.getStateStore(StoreNames.ROLLUP_OLDER);
    sessions = context.getStateStore(StoreNames.ROLLUP_SESSIONS);
    dirty = context.getStateStore(StoreNames.ROLLUP_DIRTY);
    expiry = context.getStateStore(StoreNames.ROLLUP_EXPIRY);
    streamClock = context.getStateStore(StoreNames.ROLLUP_CLOCK);
    emitter = new RollupEmitter(context, settings.orgTimeZone(), current, older, dirty, currentCache, olderCache, dirtyMarks);
    emitter.loadMarks();
    expiration = new RollupExpiry(expiry, current, older, sessions, currentCache, olderCache, sessionCache);
    Long saved = streamClock.get(STREAM_TIME);
    Long layout = streamClock.get(RollupStateLayout.KEY);
    RollupStateLayout.check(layout, saved != null, context.taskId().toString());
    if (layout == null) {
      streamClock.put(RollupStateLayout.KEY, RollupStateLayout.CURRENT);
    }
    streamTime = saved == null ? Long.MIN_VALUE : saved;
    metrics = new ProcessingMetrics(context.metrics(), "rollups-" + context.taskId(), Counter.LATE, Counter.REJECTED_INVALID);
    context.schedule(settings.rollupEmitInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
      emitter.emitChanged();
      expiration.expire(streamTime, graceMillis);
    });
  }

  @Override
  public void close() {
    currentCache.clear();
    olderCache.clear();
    sessionCache.clear();
    dirtyMarks.clear();
  }

  @Override
  public void process(Record<String, PricedUsage> record) {
    PricedUsage priced = record.value();
    if (priced.getEvent().getOrgId().indexOf('|') >= 0) {
      // validated away at intake since org ids became part of the keys; a record priced before that
      // (parked, or in the repartition topic at upgrade time) is reported instead of breaking the task
      metrics.count(Counter.REJECTED_INVALID);
      var rejected = Rejections.of(RejectReason.INVALID_EVENT, "orgId '" + priced.getEvent().getOrgId()
          + "' contains '|', which separates the parts of rollup keys: the event is in usage.priced.v1 but in no rollup",
          priced.getEvent(), null, context.recordMetadata(), clock.instant());
      context.forward(new Record<String, Outcome>(priced.getEvent().getEventId(), new Outcome.Rejected(rejected),
          context.currentSystemTimeMs()));
      return;
    }
    long now = context.currentSystemTimeMs();
    long clockTime = Math.min(priced.getEvent().getEventTime().toEpochMilli(), now);
    if (clockTime > streamTime) {
      streamTime = clockTime;
      streamClock.put(STREAM_TIME, streamTime);
    }
    Set<Period> open = EnumSet.noneOf(Period.class);
    List<PeriodWindow> missed = new ArrayList<>();
    PeriodWindow[] windows = new PeriodWindow[RollupBuckets.PERIODS.length];
    for (int i = 0; i < windows.length; i++) {
      PeriodWindow w = window(i, priced.getEvent().getEventTime());
      if (w.end().toEpochMilli() + graceMillis <= streamTime) {
        missed.add(w);
      } else {
        open.add(w.period());
        windows[i] = w;
      }
    }
    if (!missed.isEmpty()) {
      metrics.count(Counter.LATE);
      String message = "late beyond the grace of " + settings.grace() + " at stream time " + Instant.ofEpochMilli(streamTime)
          + ": not added to the closed periods " + missed + "; it is in the priced topic and in the still-open periods " + open;
      var rejected = Rejections.of(RejectReason.LATE, message, priced.getEvent(), null, context.recordMetadata(), clock.instant());
      context.forward(new Record<String, Outcome>(priced.getEvent().getEventId(), new Outcome.Rejected(rejected), now));
    }
    if (!open.isEmpty()) {
      RollupSpend spend = new RollupSpend();
      String org = priced.getEvent().getOrgId();
      String session = String.valueOf(priced.getEvent().getSessionId());
      for (Map.Entry<Scope, String> dim : RollupDimensions.of(priced).entrySet()) {
        add(priced, org, dim.getKey(), dim.getValue(), session, windows, spend);
      }
      context.forward(new Record<String, Outcome>(record.key(), new Outcome.Accepted(priced, open, spend), now));
    }
  }

  private PeriodWindow window(int slot, Instant t) {
    PeriodWindow w = lastWindows[slot];
    if (w == null || !w.contains(t)) {
      w = periods.of(RollupBuckets.PERIODS[slot], t);
      lastWindows[slot] = w;
    }
    return w;
  }

  /** Adds the event to the open buckets of one dimension value. */
  private void add(PricedUsage priced, String org, Scope dim, String value, String session, PeriodWindow[] windows,
      RollupSpend spend) {
    String entryKey = RollupKey.entry(org, dim, value);
    RollupBuckets cur = currentCache.get(entryKey);
    if (cur == null) {
      cur = current.get(entryKey);
      if (cur == null) {
        cur = new RollupBuckets(org);
      }
      currentCache.put(entryKey, cur);
    }
    String sessionKey = entryKey + "|" + session;
    SessionMarks marks = sessionCache.get(sessionKey);
    if (marks == null) {
      marks = sessions.get(sessionKey);
      if (marks == null) {
        marks = new SessionMarks();
      }
      sessionCache.put(sessionKey, marks);
    }
    boolean marksChanged = false;
    long changedSlots = 0;
    long marksExpiry = Long.MIN_VALUE;
    for (int i = 0; i < windows.length; i++) {
      PeriodWindow w = windows[i];
      if (w == null) {
        continue;
      }
      boolean newSession = marks.add(w);
      if (newSession) {
        marksChanged = true;
        if (i == WEEK_SLOT || i == MONTH_SLOT) {
          marksExpiry = Math.max(marksExpiry, w.end().toEpochMilli());
        }
      }
      RollupBucket b = cur.get(w.period());
      long start = w.start().toEpochMilli();
      if (b != null && b.start() == start) {
        b.add(priced, newSession, streamTime);
        changedSlots |= 1L << i;
      } else if (b == null || b.start() < start) {
        RollupBucket fresh = RollupBucket.empty(w);
        fresh.add(priced, newSession, streamTime);
        cur.put(fresh);
        expiry.put(RollupExpiry.key(fresh.end(), RollupExpiry.BUCKET + fresh.key(org, dim, value)), fresh.end());
        if (b != null) {
          retire(org, dim, value, entryKey, i, b);
        }
        changedSlots |= 1L << i;
        b = fresh;
      } else {
        b = addToOlder(priced, org, dim, value, w, newSession);
      }
      spend.set(dim, value, w.period(), b);
    }
    if (changedSlots != 0) {
      current.put(entryKey, cur);
      markDirty(CURRENT + entryKey, changedSlots);
    }
    if (marksExpiry != Long.MIN_VALUE) {
      // one look at the entry when the later of its new week and month marks ends (ADR 0226): every mark
      // ends by then (hours and days nest in their week and month), so nothing outlives its expiry
      expiry.put(RollupExpiry.key(marksExpiry, RollupExpiry.SESSION + sessionKey), marksExpiry);
    }
    if (marksChanged) {
      marks.dropEndedBy(streamTime - graceMillis);
      sessions.put(sessionKey, marks);
    }
  }

  /** Moves a current bucket replaced by a newer one to the older-bucket store (it may still get late events). */
  private void retire(String org, Scope dim, String value, String entryKey, int slot, RollupBucket b) {
    String key = b.key(org, dim, value);
    RollupBuckets alone = new RollupBuckets(org);
    alone.put(b);
    older.put(key, alone);
    olderCache.put(key, alone);
    Long pending = dirtyMarks.get(CURRENT + entryKey);
    if (pending != null && (pending & (1L << slot)) != 0) {
      markDirty(OLDER + key, 1L << slot);   // changed since the last emission: emit it from its new place
    }
  }

  /** Adds a late (but open) event to a bucket older than the current one of its period. */
  private RollupBucket addToOlder(PricedUsage priced, String org, Scope dim, String value, PeriodWindow w, boolean newSession) {
    String key = RollupKey.asString(org, dim, value, w.period(), w.start().toEpochMilli());
    RollupBuckets alone = olderCache.get(key);
    if (alone == null) {
      alone = older.get(key);
    }
    RollupBucket b = alone == null ? null : alone.get(w.period());
    if (b == null) {
      alone = new RollupBuckets(org);
      b = RollupBucket.empty(w);
      alone.put(b);
      expiry.put(RollupExpiry.key(b.end(), RollupExpiry.BUCKET + key), b.end());
    }
    b.add(priced, newSession, streamTime);
    older.put(key, alone);
    olderCache.put(key, alone);
    markDirty(OLDER + key, 1L << RollupBuckets.slot(w.period()));
    return b;
  }

  private void markDirty(String key, long slots) {
    Long old = dirtyMarks.get(key);
    long mask = old == null ? slots : old | slots;
    if (old == null || mask != old) {
      dirty.put(key, mask);
      dirtyMarks.put(key, mask);
    }
  }
}
