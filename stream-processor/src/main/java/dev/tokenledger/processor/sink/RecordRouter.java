package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.warehouse.BreachRows;
import dev.tokenledger.processor.warehouse.UnwritableRecordException;
import dev.tokenledger.processor.warehouse.UsageRows;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one consumed record into a pending row, a rejection or a skip: decodes it, drops a record the
 * insert ledger shows already written or whose event id is already in the batch or in the ledger (a
 * ledger hit still registers its event id in the batch), maps it to a row and
 * rejects what cannot be decoded or stored. A registry outage is not bad data: it propagates.
 */
final class RecordRouter {

  private final Topics topics;
  private final AvroSerde<PricedUsage> priced;
  private final AvroSerde<BudgetBreach> breaches;
  private final UsageRows usageRows;
  private final BreachRows breachRows = new BreachRows();
  private final InsertLedger ledger;
  private final RejectPublisher rejects;
  private final SinkMetrics metrics;

  RecordRouter(Topics topics, AvroSerde<PricedUsage> priced, AvroSerde<BudgetBreach> breaches, UsageRows usageRows,
      InsertLedger ledger, RejectPublisher rejects, SinkMetrics metrics) {
    this.topics = topics;
    this.priced = priced;
    this.breaches = breaches;
    this.usageRows = usageRows;
    this.ledger = ledger;
    this.rejects = rejects;
    this.metrics = metrics;
  }

  /** The table the records of {@code topic} go to. */
  String tableOf(String topic) {
    return topic.equals(topics.priced()) ? UsageRows.TABLE : BreachRows.TABLE;
  }

  /**
   * What became of one record after decoding and mapping: a row ({@code tsv}), a rejection
   * ({@code reason}) or nothing to store (tombstone). Computed on any thread by {@link #prepare}.
   */
  record Prepared(ConsumerRecord<byte[], byte[]> record, boolean usage, String tsv, String id, RejectReason reason,
      String message, UsageEvent event) {}

  /** Routes one record on the consumer thread. */
  void route(ConsumerRecord<byte[], byte[]> r, PendingBatch batch, long nowNanos) {
    apply(prepare(r), batch, nowNanos);
  }

  /** Decodes and maps a record; thread-safe. A registry outage propagates (it is not bad data). */
  Prepared prepare(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return new Prepared(r, false, null, null, null, null, null);   // tombstone: nothing to store
    }
    if (r.topic().equals(topics.priced())) {
      PricedUsage p;
      try {
        p = priced.decode(r.topic(), r.value());
      } catch (WireFormatException.RegistryUnavailable e) {
        throw e;
      } catch (WireFormatException e) {
        return new Prepared(r, true, null, null, RejectReason.DESERIALIZATION, e.getMessage(), null);
      }
      String id = p.getEvent() == null ? null : p.getEvent().getEventId();
      try {
        return new Prepared(r, true, usageRows.row(p, r.topic(), r.partition(), r.offset()), id, null, null, null);
      } catch (UnwritableRecordException e) {
        return new Prepared(r, true, null, id, RejectReason.UNWRITABLE, e.getMessage(), p.getEvent());
      }
    }
    BudgetBreach b;
    try {
      b = breaches.decode(r.topic(), r.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      return new Prepared(r, false, null, null, RejectReason.DESERIALIZATION, e.getMessage(), null);
    }
    try {
      return new Prepared(r, false, breachRows.row(b, r.topic(), r.partition(), r.offset()), b.getBreachId(), null, null, null);
    } catch (UnwritableRecordException e) {
      return new Prepared(r, false, null, b.getBreachId(), RejectReason.UNWRITABLE, e.getMessage(), null);
    }
  }

  /**
   * Adds a prepared record to the batch, on the consumer thread and in offset order: skips records the
   * insert ledger shows written and second copies of an event id in the batch, rejects what cannot be stored.
   */
  void apply(Prepared p, PendingBatch batch, long nowNanos) {
    ConsumerRecord<byte[], byte[]> r = p.record();
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    batch.consumed(tp, r.offset(), nowNanos);
    if (ledger.alreadyInserted(tp, r.offset())) {
      if (p.usage() && p.id() != null) {
        batch.firstInBatch(p.id());   // a later copy of this event id in the batch is a duplicate too
      }
      metrics.alreadyInserted.incrementAndGet();
      return;
    }
    if (p.reason() != null) {
      reject(r, p.reason(), p.message(), p.id(), p.event());
      return;
    }
    if (p.tsv() == null) {
      return;
    }
    if (!p.usage()) {
      batch.breaches.add(new PendingRow(p.tsv(), r, p.id()));
      return;
    }
    if (p.id() != null && (!batch.firstInBatch(p.id()) || ledger.idInserted(tp, p.id()))) {
      metrics.duplicatesInBatch.incrementAndGet();
      return;
    }
    batch.usage.add(new PendingRow(p.tsv(), r, p.id()));
  }

  void reject(ConsumerRecord<byte[], byte[]> r, RejectReason reason, String message, String eventId,
      UsageEvent event) {
    rejects.reject(r, reason, message, eventId, event);
    metrics.rejected.incrementAndGet();
  }
}
