package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.rollup.RollupDimensions;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.rollup.RollupMath;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds priced events (partitioned by organisation) to the rollups of every dimension and calendar
 * period in the organisation's time zone.
 *
 * <p>Stream time is the highest event time this task has added (kept in a store, so it survives
 * restarts and does not depend on record timestamps). A
 * period accepts events until {@code periodEnd + grace <= stream time}; an event too late for some
 * periods is still added to the periods that are open (a late event can miss its hour but not its
 * month), and is reported once on the rejected topic naming the periods it missed, and counted.
 *
 * <p>Changed rollups are recorded in a dirty-key store and emitted by a wall-clock punctuation:
 * all of it (rollups, dirty keys, emitted records, offsets) commits in the same transaction, so the
 * emission is exactly once however the process dies. Rollups (and their session sets) are dropped once
 * their grace has passed.
 */
final class RollupProcessor implements Processor<String, PricedUsage, String, Outcome> {

  private static final String STREAM_TIME = "stream-time";

  private final TopologySettings settings;
  private final CalendarPeriods periods;
  private final Clock clock;
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, UsageRollup> rollups;
  private KeyValueStore<String, Long> sessions;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, Long> expiry;
  private KeyValueStore<String, Long> streamClock;
  private long streamTime = Long.MIN_VALUE;
  private ProcessingMetrics metrics;
  /** Read caches in front of the stores (write-through; see {@link BoundedCache}). */
  private final BoundedCache<String, UsageRollup> rollupCache = new BoundedCache<>(100_000);
  private final BoundedCache<String, Boolean> knownSessions = new BoundedCache<>(200_000);
  /** Keys already in the dirty store since the last emission. */
  private final java.util.Set<String> markedDirty = new java.util.HashSet<>();

  RollupProcessor(TopologySettings settings, Clock clock) {
    this.settings = settings;
    this.periods = new CalendarPeriods(settings.orgTimeZone());
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    rollupCache.clear();
    knownSessions.clear();
    markedDirty.clear();
    rollups = context.getStateStore(StoreNames.ROLLUPS);
    sessions = context.getStateStore(StoreNames.ROLLUP_SESSIONS);
    dirty = context.getStateStore(StoreNames.ROLLUP_DIRTY);
    expiry = context.getStateStore(StoreNames.ROLLUP_EXPIRY);
    streamClock = context.getStateStore(StoreNames.ROLLUP_CLOCK);
    Long saved = streamClock.get(STREAM_TIME);
    streamTime = saved == null ? Long.MIN_VALUE : saved;
    metrics = new ProcessingMetrics(context.metrics(), "rollups-" + context.taskId(), Counter.LATE);
    context.schedule(settings.rollupEmitInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
      emitChanged();
      expire();
    });
  }

  @Override
  public void process(Record<String, PricedUsage> record) {
    PricedUsage priced = record.value();
    Instant eventTime = priced.getEvent().getEventTime();
    if (eventTime.toEpochMilli() > streamTime) {
      streamTime = eventTime.toEpochMilli();
      streamClock.put(STREAM_TIME, streamTime);
    }
    Set<Period> open = EnumSet.noneOf(Period.class);
    List<PeriodWindow> missed = new ArrayList<>();
    for (Period period : CalendarPeriods.ROLLUP_PERIODS) {
      PeriodWindow w = periods.of(period, eventTime);
      if (closed(w, streamTime)) {
        missed.add(w);
      } else {
        open.add(period);
        add(priced, w, streamTime);
      }
    }
    if (!missed.isEmpty()) {
      metrics.count(Counter.LATE);
      String message = "late beyond the grace of " + settings.grace() + " at stream time " + Instant.ofEpochMilli(streamTime)
          + ": not added to the closed periods " + missed + "; it is in the priced topic and in the still-open periods " + open;
      var rejected = Rejections.of(RejectReason.OTHER, message, priced.getEvent(), null, context.recordMetadata(), clock.instant());
      context.forward(new Record<String, Outcome>(priced.getEvent().getEventId(), new Outcome.Rejected(rejected), record.timestamp()));
    }
    if (!open.isEmpty()) {
      context.forward(new Record<String, Outcome>(record.key(), new Outcome.Accepted(priced, open), record.timestamp()));
    }
  }

  private boolean closed(PeriodWindow w, long streamTime) {
    return w.end().toEpochMilli() + settings.grace().toMillis() <= streamTime;
  }

  private void add(PricedUsage priced, PeriodWindow w, long streamTime) {
    String org = priced.getEvent().getOrgId();
    String suffix = "|" + w.period() + "|" + w.start();
    for (Map.Entry<Scope, String> dim : RollupDimensions.of(priced).entrySet()) {
      String key = dim.getKey() + "|" + dim.getValue() + suffix;   // = RollupKey.asString()
      UsageRollup current = rollupCache.get(key);
      if (current == null) {
        current = rollups.get(key);
      }
      if (current == null) {
        current = RollupMath.empty(org, new RollupKey(dim.getKey(), dim.getValue(), w.period(), w.start()), w, periods.zone());
        expiry.put(expiryKey(w.end().toEpochMilli(), key), w.end().toEpochMilli());
      }
      String sessionKey = key + "|" + priced.getEvent().getSessionId();
      boolean newSession = knownSessions.get(sessionKey) == null && sessions.get(sessionKey) == null;
      if (newSession) {
        sessions.put(sessionKey, 1L);
      }
      knownSessions.put(sessionKey, Boolean.TRUE);
      UsageRollup updated = RollupMath.add(current, priced, newSession, Instant.ofEpochMilli(streamTime));
      rollups.put(key, updated);
      rollupCache.put(key, updated);
      if (markedDirty.add(key)) {
        dirty.put(key, streamTime);
      }
    }
  }

  /** Emits every rollup changed since the last emission. */
  void emitChanged() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = dirty.all()) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    for (String key : keys) {
      UsageRollup r = rollups.get(key);
      if (r != null) {
        context.forward(new Record<String, Outcome>(key, new Outcome.Rollup(r), r.getLastEventTime().toEpochMilli()));
      }
      dirty.delete(key);
    }
    markedDirty.clear();
  }

  /** Drops rollups whose period ended more than the grace before stream time. */
  private void expire() {
    long horizon = streamTime - settings.grace().toMillis();
    if (streamTime == Long.MIN_VALUE || horizon <= 0) {
      return;
    }
    List<KeyValue<String, Long>> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = expiry.range(expiryKey(0, ""), expiryKey(horizon, "~"))) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, Long> kv : due) {
      if (kv.value > horizon) {
        continue;
      }
      String rollupKey = kv.key.substring(kv.key.indexOf('|') + 1);
      rollups.delete(rollupKey);
      rollupCache.remove(rollupKey);
      List<String> sessionKeys = new ArrayList<>();
      try (KeyValueIterator<String, Long> it = sessions.prefixScan(rollupKey + "|", new org.apache.kafka.common.serialization.StringSerializer())) {
        while (it.hasNext()) {
          sessionKeys.add(it.next().key);
        }
      }
      sessionKeys.forEach(k -> {
        sessions.delete(k);
        knownSessions.remove(k);
      });
      expiry.delete(kv.key);
    }
  }

  private static String expiryKey(long periodEndMillis, String rollupKey) {
    return String.format("%015d|%s", periodEndMillis, rollupKey);
  }
}
