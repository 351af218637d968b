package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
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
 * insert ledger shows already written or whose event id is already in the batch, maps it to a row and
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

  void route(ConsumerRecord<byte[], byte[]> r, PendingBatch batch, long nowNanos) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    batch.consumed(tp, r.offset(), nowNanos);
    if (ledger.alreadyInserted(tp, r.offset())) {
      metrics.alreadyInserted.incrementAndGet();
      return;
    }
    if (r.value() == null) {
      return;   // tombstone: nothing to store
    }
    if (r.topic().equals(topics.priced())) {
      routeUsage(r, batch);
    } else {
      routeBreach(r, batch);
    }
  }

  private void routeUsage(ConsumerRecord<byte[], byte[]> r, PendingBatch batch) {
    PricedUsage p;
    try {
      p = priced.decode(r.topic(), r.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      reject(r, RejectReason.DESERIALIZATION, e.getMessage(), null, null);
      return;
    }
    String id = p.getEvent() == null ? null : p.getEvent().getEventId();
    if (id != null && !batch.firstInBatch(id)) {
      metrics.duplicatesInBatch.incrementAndGet();
      return;
    }
    try {
      batch.usage.add(new PendingRow(usageRows.row(p, r.topic(), r.partition(), r.offset()), r, id));
    } catch (UnwritableRecordException e) {
      reject(r, RejectReason.UNWRITABLE, e.getMessage(), id, p.getEvent());
    }
  }

  private void routeBreach(ConsumerRecord<byte[], byte[]> r, PendingBatch batch) {
    BudgetBreach b;
    try {
      b = breaches.decode(r.topic(), r.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      reject(r, RejectReason.DESERIALIZATION, e.getMessage(), null, null);
      return;
    }
    try {
      batch.breaches.add(new PendingRow(breachRows.row(b, r.topic(), r.partition(), r.offset()), r, b.getBreachId()));
    } catch (UnwritableRecordException e) {
      reject(r, RejectReason.UNWRITABLE, e.getMessage(), b.getBreachId(), null);
    }
  }

  void reject(ConsumerRecord<byte[], byte[]> r, RejectReason reason, String message, String eventId,
      dev.tokenledger.events.UsageEvent event) {
    rejects.reject(r, reason, message, eventId, event);
    metrics.rejected.incrementAndGet();
  }
}
