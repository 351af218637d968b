package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.budget.BudgetBook;
import dev.tokenledger.processor.budget.BudgetBreachDetector;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.config.BudgetEvaluation;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the budgets an accepted event falls under, and re-evaluates budgets when they change and on a
 * wall-clock timer (ADR 0203).
 *
 * <p><b>Spend of a period.</b> A budget whose time zone is the organisation's (or unset) reads the cost of
 * the matching rollup (same scope, value, period and start), which the {@link RollupProcessor} has just
 * updated in the same task and hands over with the event ({@link RollupSpend}; the rollup stores are read
 * only if it does not hold it); so a budget created mid-period sees the whole period's spend. A budget in
 * another zone has periods the rollups do not have: its spend is kept in {@link StoreNames#BUDGET_SPEND},
 * keyed by the budget and its period in its own zone, and every accepted event the budget matches adds
 * its cost there, in the same task and transaction as the rollups (exactly once under EOS; all events
 * of an organisation meet in one task). Such a spend counts from when the budget is known to the
 * processor; an entry is dropped once its period's grace has passed the task's stream time.
 *
 * <p><b>When.</b> At each accepted event: crossings and forecasts of the event's budgets. Every second
 * (wall clock): the budgets put or changed since the last look, so a changed limit is evaluated at once.
 * Every {@code budgets.evaluate_every}: every budget, against the period that contains the processor's
 * clock, so a budget without new events still gets its forecast and a new period starts from its own
 * spend. Timed evaluations use the processor's clock only (never an event time, ADR 0222), read only this
 * task's stores (a budget whose organisation another task owns finds no spend here and emits nothing),
 * and every output is stamped with the wall clock.
 *
 * <p>Thresholds (and forecasts) already reported for a period are remembered in
 * {@link StoreNames#BREACHES_REPORTED}, which is what makes each exactly once (together with the
 * transaction that commits it).
 */
final class BudgetProcessor implements Processor<String, Outcome, String, Outcome> {

  private static final Logger LOG = LoggerFactory.getLogger(BudgetProcessor.class);

  private final BudgetBook budgets;
  private final CalendarPeriods periods;
  private final BudgetEvaluation evaluation;
  private final long graceMillis;
  private final Clock clock;
  private final BudgetBreachDetector detector = new BudgetBreachDetector();
  private final Map<ZoneId, CalendarPeriods> zones = new HashMap<>();
  private final Set<String> badZones = new HashSet<>();
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, RollupBuckets> current;
  private KeyValueStore<String, RollupBuckets> older;
  private KeyValueStore<String, Long> reported;
  private KeyValueStore<String, String> budgetSpend;
  private KeyValueStore<String, Long> rollupClock;
  private ProcessingMetrics metrics;
  /** The budget book's change number this task has evaluated up to (0 at start: everything once). */
  private long seenChanges;

  BudgetProcessor(BudgetBook budgets, TopologySettings settings, Clock clock) {
    this.budgets = budgets;
    this.periods = new CalendarPeriods(settings.orgTimeZone());
    this.evaluation = settings.budgets();
    this.graceMillis = settings.grace().toMillis();
    this.clock = clock;
    zones.put(periods.zone(), periods);
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    current = context.getStateStore(StoreNames.ROLLUP_CURRENT);
    older = context.getStateStore(StoreNames.ROLLUP_OLDER);
    reported = context.getStateStore(StoreNames.BREACHES_REPORTED);
    budgetSpend = context.getStateStore(StoreNames.BUDGET_SPEND);
    rollupClock = context.getStateStore(StoreNames.ROLLUP_CLOCK);
    metrics = new ProcessingMetrics(context.metrics(), "budgets-" + context.taskId(), Counter.BREACH, Counter.FORECAST);
    context.schedule(BudgetEvaluation.CHANGE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> evaluateChanged());
    context.schedule(evaluation.evaluateEvery(), PunctuationType.WALL_CLOCK_TIME, t -> evaluateAll());
  }

  @Override
  public void process(Record<String, Outcome> record) {
    if (!(record.value() instanceof Outcome.Accepted accepted)) {
      return;
    }
    PricedUsage priced = accepted.value();
    Instant eventTime = priced.getEvent().getEventTime();
    Instant now = clock.instant();
    for (Budget budget : budgets.matching(priced.getEvent())) {
      Period period = budget.getPeriod();
      if (!accepted.openPeriods().contains(period)) {
        continue; // the period is closed: its spend is final and was checked while it was open
      }
      CalendarPeriods own = periodsOf(budget);
      if (own == null) {
        continue;
      }
      PeriodWindow w = own.of(period, eventTime);
      BigDecimal spend;
      if (own == periods) {
        spend = accepted.spend().cost(budget.getScope(), budget.getScopeValue(), period);
        if (spend == null) {
          spend = storedSpend(budget.getOrgId(), budget.getScope(), budget.getScopeValue(), w);
        }
      } else {
        if (w.end().toEpochMilli() + graceMillis <= streamTime()) {
          continue; // the budget's own period has passed its grace: closed, like a rollup's
        }
        spend = addOwnSpend(budget, own, w, priced.getCost().getTotal().subtract(priced.getReplacedCostTotal()));   // a revision adds its difference
      }
      evaluate(budget, w, spend, priced.getEvent().getEventId(), eventTime, now);
    }
  }

  /** The budgets put or changed since this task last looked, against their current period. */
  private void evaluateChanged() {
    long upTo = budgets.changes();
    if (upTo == seenChanges) {
      return;
    }
    List<Budget> changed = budgets.changedSince(seenChanges);
    seenChanges = upTo;
    Instant now = clock.instant();
    for (Budget b : changed) {
      evaluateNow(b, now);
    }
  }

  /** Every budget against its current period; drops own-zone spends whose period is past its grace. */
  private void evaluateAll() {
    Instant now = clock.instant();
    for (Budget b : new ArrayList<>(budgets.all())) {
      if (b.getEnabled()) {
        evaluateNow(b, now);
      }
    }
    long streamTime = streamTime();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, String> it = budgetSpend.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        if (OwnSpend.parse(kv.value).end() + graceMillis <= streamTime) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(budgetSpend::delete);
  }

  /** Evaluates {@code b} against the period containing the processor's clock, with this task's spend of it. */
  private void evaluateNow(Budget b, Instant now) {
    if (!BudgetBreachDetector.problems(b).isEmpty()) {
      return; // refused by the budget table already
    }
    CalendarPeriods own = periodsOf(b);
    if (own == null) {
      return;
    }
    PeriodWindow w = own.of(b.getPeriod(), now);
    BigDecimal spend;
    if (own == periods) {
      spend = storedSpend(b.getOrgId(), b.getScope(), b.getScopeValue(), w);
    } else {
      String stored = budgetSpend.get(ownSpendKey(b, own, w));
      spend = stored == null ? BigDecimal.ZERO : OwnSpend.parse(stored).spend();
    }
    if (spend.signum() > 0) {
      evaluate(b, w, spend, "", now, now);
    }
  }

  private void evaluate(Budget budget, PeriodWindow w, BigDecimal spend, String eventId, Instant eventTime, Instant now) {
    for (BudgetBreach breach : detector.detect(budget, w, spend,
        t -> reported.get(BudgetBreachDetector.breachId(budget, w.start(), t)) != null, eventId, eventTime, now)) {
      emit(breach, Counter.BREACH);
    }
    if (evaluation.forecast()) {
      for (BudgetBreach forecast : detector.forecast(budget, w, spend, now, evaluation.forecastMinElapsed(),
          t -> reported.get(BudgetBreachDetector.forecastId(budget, w.start(), t)) != null, eventId, eventTime)) {
        emit(forecast, Counter.FORECAST);
      }
    }
  }

  private void emit(BudgetBreach breach, Counter counter) {
    reported.put(breach.getBreachId(), breach.getDetectedTime().toEpochMilli());
    metrics.count(counter);
    context.forward(new Record<String, Outcome>(breach.getBreachId(), new Outcome.Breach(breach), context.currentSystemTimeMs()));
  }

  /**
   * The calendar of the budget's own zone (the organisation's when unset or the same); null for a zone
   * that is not one (refused by the budget table since it checks zones; a record stored by an earlier
   * version may still hold one).
   */
  private CalendarPeriods periodsOf(Budget b) {
    if (b.getTimeZone() == null || b.getTimeZone().isBlank()) {
      return periods;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(b.getTimeZone());
    } catch (DateTimeException e) {
      if (badZones.add(b.getBudgetId())) {
        LOG.error("budget {} of {} names time zone '{}', which is not an IANA zone: the budget is not evaluated; re-put it",
            b.getBudgetId(), b.getOrgId(), b.getTimeZone());
      }
      return null;
    }
    if (zone.normalized().equals(periods.zone().normalized())) {
      return periods;
    }
    return zones.computeIfAbsent(zone, CalendarPeriods::new);
  }

  /** Adds {@code cost} to the budget's spend of {@code w} in its own zone; returns the new spend. */
  private BigDecimal addOwnSpend(Budget b, CalendarPeriods own, PeriodWindow w, BigDecimal cost) {
    String key = ownSpendKey(b, own, w);
    String stored = budgetSpend.get(key);
    BigDecimal spend = (stored == null ? BigDecimal.ZERO : OwnSpend.parse(stored).spend()).add(cost);
    budgetSpend.put(key, new OwnSpend(w.end().toEpochMilli(), spend).format());
    return spend;
  }

  /**
   * {@code <org>|<budgetId>|<period>|<period start ISO>|<zone>|<scope>|<value>}: a budget whose period,
   * zone, scope or value changes starts a new count.
   */
  static String ownSpendKey(Budget b, CalendarPeriods own, PeriodWindow w) {
    return b.getOrgId() + "|" + b.getBudgetId() + "|" + w.period() + "|" + w.start() + "|" + own.zone().getId() + "|"
        + b.getScope() + "|" + b.getScopeValue();
  }

  /** The value of a {@link StoreNames#BUDGET_SPEND} entry: {@code <period end millis> <spend>}. */
  record OwnSpend(long end, BigDecimal spend) {
    static OwnSpend parse(String s) {
      int space = s.indexOf(' ');
      return new OwnSpend(Long.parseLong(s.substring(0, space)), new BigDecimal(s.substring(space + 1)));
    }

    String format() {
      return end + " " + spend.toPlainString();
    }
  }

  private long streamTime() {
    Long t = rollupClock.get(RollupProcessor.STREAM_TIME);
    return t == null ? Long.MIN_VALUE : t;
  }

  /** The cost of the rollup (org, scope, value, window) as stored, zero if there is none. */
  private BigDecimal storedSpend(String org, Scope scope, String value, PeriodWindow w) {
    RollupBuckets cur = current.get(RollupKey.entry(org, scope, value));
    RollupBucket b = cur == null ? null : cur.get(w.period());
    if (b == null || !b.isWindow(w)) {
      RollupBuckets alone = older.get(RollupKey.asString(org, scope, value, w.period(), w.start().toEpochMilli()));
      b = alone == null ? null : alone.get(w.period());
    }
    return b == null ? BigDecimal.ZERO : b.cost();
  }
}
