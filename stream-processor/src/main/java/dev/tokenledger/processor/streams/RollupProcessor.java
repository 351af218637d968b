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
import dev.tokenledger.processor.rollup.RollupDelta;
import dev.tokenledger.processor.rollup.RollupDimensions;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.rollup.SessionSeen;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds priced events (partitioned by organisation) to the rollups of every dimension and calendar
 * period in the organisation's time zone.
 *
 * <p>State (ADR 0204): one {@code rollup-current} entry per dimension value holding the current
 * bucket of each period kind, so an event costs one store write per dimension (8) instead of one per
 * dimension and period (32); a bucket replaced by a newer one moves to {@code rollup-older} under its
 * rollup key, where late events inside the grace still find it. Distinct sessions are counted with one
 * {@code rollup-session-seen} entry per (organisation, session) holding the marks of every dimension value
 * the session was seen with (ADR 0228): one look-up per event, not one per dimension. All of it is
 * written to the stores in {@code process}, so it commits with the event's offset; fields only mirror
 * stores (cleared on init and at each punctuation).
 *
 * <p>Per dimension the processor remembers the last value it added to, with that value's entry key,
 * dirty key, live {@link RollupBuckets} and the dirty slots already marked since the last emission
 * ({@link DimensionMemo}, ADR 0228): consecutive events of one organisation, model, provider or source
 * reuse them without building keys or looking them up again. The memos are dropped at each punctuation
 * (the emission clears the dirty marks, the expiry may delete entries) and on init.
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
  private static final Scope[] DIMENSIONS = RollupDimensions.ALL.toArray(new Scope[0]);
  private static final Logger LOG = LoggerFactory.getLogger(RollupProcessor.class);

  private final TopologySettings settings;
  private final CalendarPeriods periods;
  private final long graceMillis;
  private final Clock clock;
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, RollupBuckets> current;
  private KeyValueStore<String, RollupBuckets> older;
  private KeyValueStore<String, SessionSeen> sessions;
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
  private final BoundedCache<String, SessionSeen> sessionCache = new BoundedCache<>(100_000);
  /** Per dimension (index in {@link RollupDimensions#ALL}): the last value added to, see the class comment. */
  private final DimensionMemo[] memos = new DimensionMemo[RollupDimensions.ALL.size()];
  /** Of the event being added: whether a session mark is new, and the latest end of a new week or month mark. */
  private boolean marksChanged;
  private long marksExpiry;
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
    forgetMemos();
    current = context.getStateStore(StoreNames.ROLLUP_CURRENT);
    older = context.getStateStore(StoreNames.ROLLUP_OLDER);
    sessions = context.getStateStore(StoreNames.ROLLUP_SESSION_SEEN);
    dirty = context.getStateStore(StoreNames.ROLLUP_DIRTY);
    expiry = context.getStateStore(StoreNames.ROLLUP_EXPIRY);
    streamClock = context.getStateStore(StoreNames.ROLLUP_CLOCK);
    emitter = new RollupEmitter(context, settings.orgTimeZone(), current, older, dirty, currentCache, olderCache, dirtyMarks);
    emitter.loadMarks();
    expiration = new RollupExpiry(expiry, current, older, sessions, currentCache, olderCache, sessionCache);
    Long saved = streamClock.get(STREAM_TIME);
    Long layout = streamClock.get(RollupStateLayout.KEY);
    if (RollupStateLayout.check(layout, saved != null, context.taskId().toString())) {
      int moved = SessionMarksMigration.migrate(context.getStateStore(StoreNames.ROLLUP_SESSIONS), sessions, expiry);
      LOG.info("rollup task {}: moved {} session-mark entries of layout {} to layout {} (ADR 0228)", context.taskId(), moved,
          RollupStateLayout.MIGRATED, RollupStateLayout.CURRENT);
    }
    if (layout == null || layout != RollupStateLayout.CURRENT) {
      streamClock.put(RollupStateLayout.KEY, RollupStateLayout.CURRENT);
    }
    streamTime = saved == null ? Long.MIN_VALUE : saved;
    metrics = new ProcessingMetrics(context.metrics(), "rollups-" + context.taskId(), Counter.LATE, Counter.REJECTED_INVALID);
    context.schedule(settings.rollupEmitInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
      forgetMemos();
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
    forgetMemos();
  }

  private void forgetMemos() {
    java.util.Arrays.fill(memos, null);
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
          context.currentSystemTimeMs()), NodeNames.LATE_REJECTED_SINK);
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
      context.forward(new Record<String, Outcome>(priced.getEvent().getEventId(), new Outcome.Rejected(rejected), now),
          NodeNames.LATE_REJECTED_SINK);
    }
    if (!open.isEmpty()) {
      RollupSpend spend = new RollupSpend();
      String org = priced.getEvent().getOrgId();
      String sessionKey = SessionMarksMigration.key(org, String.valueOf(priced.getEvent().getSessionId()));
      SessionSeen seen = sessionCache.get(sessionKey);
      if (seen == null) {
        seen = sessions.get(sessionKey);
        if (seen == null) {
          seen = new SessionSeen();
        }
        sessionCache.put(sessionKey, seen);
      }
      marksChanged = false;
      marksExpiry = Long.MIN_VALUE;
      String[] values = RollupDimensions.values(priced);
      RollupDelta delta = RollupDelta.of(priced);
      for (int d = 0; d < values.length; d++) {
        add(delta, org, d, values[d], seen.marks(d, values[d]), windows, spend);
      }
      if (marksExpiry != Long.MIN_VALUE) {
        // one look at the entry when the later of its new week and month marks ends (ADR 0226): every mark
        // ends by then (hours and days nest in their week and month), so nothing outlives its expiry
        expiry.put(RollupExpiry.key(marksExpiry, RollupExpiry.SEEN + sessionKey), marksExpiry);
      }
      if (marksChanged) {
        seen.dropEndedBy(streamTime - graceMillis);
        sessions.put(sessionKey, seen);
      }
      context.forward(new Record<String, Outcome>(record.key(), new Outcome.Accepted(priced, open, spend), now), NodeNames.BUDGETS);
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

  /** Adds the event to the open buckets of one dimension value ({@code d}: index in {@link RollupDimensions#ALL}). */
  private void add(RollupDelta delta, String org, int d, String value, SessionMarks marks, PeriodWindow[] windows,
      RollupSpend spend) {
    Scope dim = DIMENSIONS[d];
    DimensionMemo memo = memos[d];
    if (memo == null || !memo.value.equals(value) || !memo.org.equals(org)) {
      memo = new DimensionMemo(org, value, RollupKey.entry(org, dim, value));
      RollupBuckets cur = currentCache.get(memo.entryKey);
      if (cur == null) {
        cur = current.get(memo.entryKey);
        if (cur == null) {
          cur = new RollupBuckets(org);
        }
        currentCache.put(memo.entryKey, cur);
      }
      memo.buckets = cur;
      memos[d] = memo;
    }
    RollupBuckets cur = memo.buckets;
    String entryKey = memo.entryKey;
    long changedSlots = 0;
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
        b.add(delta, newSession, streamTime);
        changedSlots |= 1L << i;
      } else if (b == null || b.start() < start) {
        RollupBucket fresh = RollupBucket.empty(w);
        fresh.add(delta, newSession, streamTime);
        cur.put(fresh);
        expiry.put(RollupExpiry.key(fresh.end(), RollupExpiry.BUCKET + fresh.key(org, dim, value)), fresh.end());
        if (b != null) {
          retire(org, dim, value, memo, i, b);
        }
        changedSlots |= 1L << i;
        b = fresh;
      } else {
        b = addToOlder(delta, org, dim, value, memo, i, w, newSession);
      }
      spend.set(dim, value, w.period(), b);
    }
    if (changedSlots != 0) {
      current.put(entryKey, cur);
      if ((memo.marked | changedSlots) != memo.marked) {
        memo.marked = markDirty(memo.dirtyKey(), changedSlots);
      }
    }
  }

  /** Moves a current bucket replaced by a newer one to the older-bucket store (it may still get late events). */
  private void retire(String org, Scope dim, String value, DimensionMemo memo, int slot, RollupBucket b) {
    String key = b.key(org, dim, value);
    RollupBuckets alone = new RollupBuckets(org);
    alone.put(b);
    older.put(key, alone);
    olderCache.put(key, alone);
    Long pending = dirtyMarks.get(memo.dirtyKey());
    if (pending != null && (pending & (1L << slot)) != 0) {
      markDirty(OLDER + key, 1L << slot);   // changed since the last emission: emit it from its new place
    }
  }

  /**
   * Adds a late (but open) event to a bucket older than the current one of its period. The dimension's
   * memo keeps the last older bucket of each period slot: late events in a row reach it without a key.
   */
  private RollupBucket addToOlder(RollupDelta delta, String org, Scope dim, String value, DimensionMemo memo, int slot,
      PeriodWindow w, boolean newSession) {
    long start = w.start().toEpochMilli();
    DimensionMemo.Older o = memo.older[slot];
    if (o == null || o.start != start) {
      String key = RollupKey.asString(org, dim, value, w.period(), start);
      RollupBuckets alone = olderCache.get(key);
      if (alone == null) {
        alone = older.get(key);
      }
      if (alone == null || alone.get(w.period()) == null) {
        alone = new RollupBuckets(org);
        RollupBucket fresh = RollupBucket.empty(w);
        alone.put(fresh);
        expiry.put(RollupExpiry.key(fresh.end(), RollupExpiry.BUCKET + key), fresh.end());
      }
      olderCache.put(key, alone);
      o = new DimensionMemo.Older(start, key, alone);
      memo.older[slot] = o;
    }
    RollupBucket b = o.buckets.get(w.period());
    b.add(delta, newSession, streamTime);
    older.put(o.key, o.buckets);
    if (!o.marked) {
      markDirty(OLDER + o.key, 1L << slot);
      o.marked = true;
    }
    return b;
  }


  /** Marks slots of a key changed since the last emission; returns the key's whole mask. */
  private long markDirty(String key, long slots) {
    Long old = dirtyMarks.get(key);
    long mask = old == null ? slots : old | slots;
    if (old == null || mask != old) {
      dirty.put(key, mask);
      dirtyMarks.put(key, mask);
    }
    return mask;
  }

  /**
   * The last value of one dimension the processor added to: its keys, its live current buckets (the same
   * object as in the read cache and the store's pending values) and the slots already marked dirty since
   * the last emission. Valid until the next punctuation.
   */
  private static final class DimensionMemo {
    final String org;
    final String value;
    final String entryKey;
    private String dirtyKey;
    RollupBuckets buckets;
    long marked;
    /** Per period slot: the last older bucket added to (null: none yet). */
    final Older[] older = new Older[RollupBuckets.PERIODS.length];

    DimensionMemo(String org, String value, String entryKey) {
      this.org = org;
      this.value = value;
      this.entryKey = entryKey;
    }

    String dirtyKey() {
      if (dirtyKey == null) {
        dirtyKey = CURRENT + entryKey;
      }
      return dirtyKey;
    }

    /** An older bucket: its period start, rollup key, live object, and whether it is marked dirty since the last emission. */
    static final class Older {
      final long start;
      final String key;
      final RollupBuckets buckets;
      boolean marked;

      Older(long start, String key, RollupBuckets buckets) {
        this.start = start;
        this.key = key;
        this.buckets = buckets;
      }
    }
  }
}
