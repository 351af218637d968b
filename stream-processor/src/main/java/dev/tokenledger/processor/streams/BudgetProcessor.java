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
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.rollup.RollupBucket;
import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the budgets an accepted event falls under. The spend of a budget's period is the cost of the
 * matching rollup (same scope, value, period and start, in the organisation time zone), which the
 * {@link RollupProcessor} has just updated in the same task and hands over with the event
 * ({@link RollupSpend}; the rollup stores are read only if it does not hold it); so a budget created
 * mid-period sees the whole period's spend. Thresholds already reported for a period are remembered in a store, which is
 * what makes each breach exactly once (together with the transaction that commits it).
 */
final class BudgetProcessor implements Processor<String, Outcome, String, Outcome> {

  private static final Logger LOG = LoggerFactory.getLogger(BudgetProcessor.class);

  private final BudgetBook budgets;
  private final CalendarPeriods periods;
  private final Clock clock;
  private final BudgetBreachDetector detector = new BudgetBreachDetector();
  private final Set<String> warnedZones = new HashSet<>();
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, RollupBuckets> current;
  private KeyValueStore<String, RollupBuckets> older;
  private KeyValueStore<String, Long> reported;
  private ProcessingMetrics metrics;

  BudgetProcessor(BudgetBook budgets, TopologySettings settings, Clock clock) {
    this.budgets = budgets;
    this.periods = new CalendarPeriods(settings.orgTimeZone());
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    current = context.getStateStore(StoreNames.ROLLUP_CURRENT);
    older = context.getStateStore(StoreNames.ROLLUP_OLDER);
    reported = context.getStateStore(StoreNames.BREACHES_REPORTED);
    metrics = new ProcessingMetrics(context.metrics(), "budgets-" + context.taskId(), Counter.BREACH);
  }

  @Override
  public void process(Record<String, Outcome> record) {
    if (!(record.value() instanceof Outcome.Accepted accepted)) {
      return;
    }
    PricedUsage priced = accepted.value();
    Instant eventTime = priced.getEvent().getEventTime();
    for (Budget budget : budgets.matching(priced.getEvent())) {
      Period period = budget.getPeriod();
      if (!accepted.openPeriods().contains(period)) {
        continue; // the period is closed: its spend is final and was checked while it was open
      }
      warnIfOtherZone(budget);
      PeriodWindow w = periods.of(period, eventTime);
      BigDecimal spend = accepted.spend().cost(budget.getScope(), budget.getScopeValue(), period);
      if (spend == null) {
        spend = storedSpend(budget.getOrgId(), budget.getScope(), budget.getScopeValue(), w);
      }
      for (BudgetBreach breach : detector.detect(budget, w, spend,
          t -> reported.get(BudgetBreachDetector.breachId(budget, w.start(), t)) != null,
          priced.getEvent().getEventId(), eventTime, clock.instant())) {
        reported.put(breach.getBreachId(), breach.getDetectedTime().toEpochMilli());
        metrics.count(Counter.BREACH);
        context.forward(new Record<String, Outcome>(breach.getBreachId(), new Outcome.Breach(breach), context.currentSystemTimeMs()));
      }
    }
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

  private void warnIfOtherZone(Budget b) {
    if (b.getTimeZone() != null && !b.getTimeZone().equals(periods.zone().getId()) && warnedZones.add(b.getBudgetId())) {
      LOG.warn("budget {} names time zone {}; budgets are evaluated in the organisation time zone {}",
          b.getBudgetId(), b.getTimeZone(), periods.zone().getId());
    }
  }
}
