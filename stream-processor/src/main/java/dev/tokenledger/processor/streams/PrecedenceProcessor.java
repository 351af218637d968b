package dev.tokenledger.processor.streams;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.processor.streams.ProcessingMetrics.Counter;
import dev.tokenledger.schemas.serde.WireRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One priced version per provider request (ADR 0145), on the organisation-partitioned stream, before
 * the priced topic and the rollups. Events that are not matched ({@link RequestPrecedence#aliasOf}) pass.
 * The first copy of a request is kept in {@code request-precedence} (window timestamp = first seen,
 * the processor's wall clock; remembered for {@code dedup.retention}, like the intake's ids) and passes.
 * A later copy of a higher rank becomes a revision of the kept version (same event id, the better
 * counts and cost, what it replaces attached) and replaces it in the store; a later copy of an equal or
 * lower rank is a duplicate (counted, not emitted). The store, the emitted revision and the rollup and
 * budget changes it causes commit in one exactly-once transaction.
 *
 * <p>Records travel with the bytes they were read from the repartition topic ({@link WireRecord}, ADR
 * 0227): a record that passes is stored and emitted as those bytes, not encoded again; only a revision,
 * a new record, is encoded.
 */
final class PrecedenceProcessor implements Processor<String, WireRecord<PricedUsage>, String, Object> {

  private final TopologySettings settings;
  private ProcessorContext<String, Object> context;
  private WindowStore<String, WireRecord<PricedUsage>> kept;
  private ProcessingMetrics metrics;

  PrecedenceProcessor(TopologySettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.kept = context.getStateStore(StoreNames.PRECEDENCE);
    this.metrics = new ProcessingMetrics(context.metrics(), "precedence-" + context.taskId(), Counter.DUPLICATE, Counter.REVISED);
  }

  @Override
  public void process(Record<String, WireRecord<PricedUsage>> record) {
    PricedUsage priced = record.value().value();
    String alias = RequestPrecedence.aliasOf(priced.getEvent());
    if (alias == null) {
      pass(record);
      return;
    }
    long now = context.currentSystemTimeMs();
    KeyValue<Long, WireRecord<PricedUsage>> found = find(alias, now);
    if (found == null) {
      kept.put(alias, record.value(), now);
      pass(record);
      return;
    }
    PricedUsage current = found.value.value();
    if (current.getEvent().getEventId().equals(priced.getEvent().getEventId()) || !RequestPrecedence.revises(current, priced)) {
      metrics.count(Counter.DUPLICATE);
      return;
    }
    WireRecord<PricedUsage> revision = WireRecord.of(RequestPrecedence.revision(current, priced));
    kept.put(alias, revision, found.key);   // same window timestamp: replaces the kept version
    metrics.count(Counter.REVISED);
    pass(record.withValue(revision).withTimestamp(now));
  }

  /**
   * The kept record, straight to its two consumers (ADR 0229): the priced topic's sink keyed by event id,
   * with the bytes it travels with, and the rollups, the decoded value.
   */
  private void pass(Record<String, WireRecord<PricedUsage>> record) {
    WireRecord<PricedUsage> wire = record.value();
    context.forward(new Record<String, Object>(wire.value().getEvent().getEventId(), wire, record.timestamp(), record.headers()),
        NodeNames.PRICED_SINK);
    context.forward(new Record<String, Object>(record.key(), wire.value(), record.timestamp(), record.headers()), NodeNames.ROLLUPS);
  }

  /** The kept version of a request first seen within the retention before {@code now}, with its window timestamp. */
  private KeyValue<Long, WireRecord<PricedUsage>> find(String alias, long now) {
    long from = Math.max(0, now - settings.dedupRetention().toMillis());
    KeyValue<Long, WireRecord<PricedUsage>> last = null;
    // the long-based fetch: the Instant one formats an error-message prefix on every call (ADR 0223, 0227)
    try (WindowStoreIterator<WireRecord<PricedUsage>> it = kept.fetch(alias, from, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        last = it.next();
      }
    }
    return last;
  }
}
