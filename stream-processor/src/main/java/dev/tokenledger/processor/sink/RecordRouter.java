package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one consumed record into a pending row, a rejection or a skip: decodes it (priced records through
 * the {@link PricedUsageTranscoder} fast path when it applies), drops a record the
 * insert ledger shows already written or whose event id is already in the batch or in the ledger (a
 * ledger hit still registers its event id in the batch), maps it to a row and
 * rejects what cannot be decoded or stored. A registry outage is not bad data: it propagates.
 */
final class RecordRouter {

  private final Topics topics;
  private final AvroSerde<PricedUsage> priced;
  private final AvroSerde<BudgetBreach> breaches;
  private final UsageRows usageRows;
  /** The fast path for priced records (null: always the reference path). */
  private final PricedUsageTranscoder fastPath;
  private final BreachRows breachRows = new BreachRows();
  private final CommitRows commitRows = new CommitRows();
  private final McpInventoryRows inventoryRows = new McpInventoryRows();
  /** The decoders of the efficiency inputs (null: this router is not given those topics). */
  private final EfficiencyInputs inputs;
  private final InsertLedger ledger;
  private final RejectPublisher rejects;
  private final SinkMetrics metrics;
  /** The row buffer of {@link #route} (consumer thread only). */
  private final RowBinaryWriter routeScratch = new RowBinaryWriter(4096);

  RecordRouter(Topics topics, AvroSerde<PricedUsage> priced, AvroSerde<BudgetBreach> breaches, UsageRows usageRows,
      InsertLedger ledger, RejectPublisher rejects, SinkMetrics metrics) {
    this(topics, priced, breaches, usageRows, null, ledger, rejects, metrics);
  }

  RecordRouter(Topics topics, AvroSerde<PricedUsage> priced, AvroSerde<BudgetBreach> breaches, UsageRows usageRows,
      PricedUsageTranscoder fastPath, InsertLedger ledger, RejectPublisher rejects, SinkMetrics metrics) {
    this(topics, priced, breaches, null, usageRows, fastPath, ledger, rejects, metrics);
  }

  RecordRouter(Topics topics, AvroSerde<PricedUsage> priced, AvroSerde<BudgetBreach> breaches, EfficiencyInputs inputs,
      UsageRows usageRows, PricedUsageTranscoder fastPath, InsertLedger ledger, RejectPublisher rejects, SinkMetrics metrics) {
    this.inputs = inputs;
    this.topics = topics;
    this.priced = priced;
    this.breaches = breaches;
    this.usageRows = usageRows;
    this.fastPath = fastPath;
    this.ledger = ledger;
    this.rejects = rejects;
    this.metrics = metrics;
  }

  /** The decoders of the two efficiency-input topics (ADR 0620). */
  record EfficiencyInputs(AvroSerde<SessionCommit> commits, AvroSerde<McpInventoryEntry> inventory) {}

  /** The table the records of {@code topic} go to. */
  String tableOf(String topic) {
    if (topic.equals(topics.priced())) {
      return UsageRows.TABLE.name();
    }
    if (topic.equals(topics.commits())) {
      return CommitRows.TABLE.name();
    }
    if (topic.equals(topics.mcpInventory())) {
      return McpInventoryRows.TABLE.name();
    }
    return BreachRows.TABLE.name();
  }

  /**
   * What became of one record after decoding and mapping: a row ({@code rowLength} RowBinary bytes of
   * {@code rowBytes} from {@code rowStart}), a rejection ({@code reason}) or nothing to store (tombstone).
   * Computed on any thread by {@link #prepare}; the row bytes live in the caller's scratch buffer until
   * {@link #apply} copies them into the batch.
   */
  record Prepared(ConsumerRecord<byte[], byte[]> record, boolean usage, byte[] rowBytes, int rowStart, int rowLength,
      String id, RejectReason reason, String message, UsageEvent event, String table) {

    Prepared(ConsumerRecord<byte[], byte[]> record, boolean usage, byte[] rowBytes, int rowStart, int rowLength,
        String id, RejectReason reason, String message, UsageEvent event) {
      this(record, usage, rowBytes, rowStart, rowLength, id, reason, message, event,
          usage ? UsageRows.TABLE.name() : BreachRows.TABLE.name());
    }

    static Prepared row(ConsumerRecord<byte[], byte[]> r, boolean usage, RowBinaryWriter out, int start, String id) {
      return new Prepared(r, usage, out.array(), start, out.size() - start, id, null, null, null);
    }

    /** A row of a table other than the usage and breach tables (the efficiency inputs). */
    static Prepared rowOf(ConsumerRecord<byte[], byte[]> r, String table, RowBinaryWriter out, int start, String id) {
      return new Prepared(r, false, out.array(), start, out.size() - start, id, null, null, null, table);
    }

    static Prepared rejected(ConsumerRecord<byte[], byte[]> r, boolean usage, String id, RejectReason reason, String message,
        UsageEvent event) {
      return new Prepared(r, usage, null, 0, 0, id, reason, message, event);
    }

    static Prepared nothing(ConsumerRecord<byte[], byte[]> r) {
      return new Prepared(r, false, null, 0, 0, null, null, null, null);
    }
  }

  /** Routes one record on the consumer thread. */
  void route(ConsumerRecord<byte[], byte[]> r, PendingBatch batch, long nowNanos) {
    routeScratch.reset();
    apply(prepare(r, routeScratch), batch, nowNanos);
  }

  /**
   * Decodes and maps a record, writing its row into {@code scratch} (one scratch buffer per thread);
   * thread-safe otherwise. A registry outage propagates (it is not bad data).
   */
  Prepared prepare(ConsumerRecord<byte[], byte[]> r, RowBinaryWriter scratch) {
    if (r.value() == null) {
      return Prepared.nothing(r);   // tombstone: nothing to store
    }
    if (r.topic().equals(topics.priced())) {
      if (fastPath != null) {
        int start = scratch.size();
        String id = fastPath.write(r.value(), r.topic(), r.partition(), r.offset(), scratch);
        if (id != null) {
          return Prepared.row(r, true, scratch, start, id);
        }
      }
      PricedUsage p;
      try {
        p = priced.decode(r.topic(), r.value());
      } catch (WireFormatException.RegistryUnavailable e) {
        throw e;
      } catch (WireFormatException e) {
        return Prepared.rejected(r, true, null, RejectReason.DESERIALIZATION, e.getMessage(), null);
      } catch (RuntimeException e) {
        return Prepared.rejected(r, true, null, RejectReason.DESERIALIZATION, corrupt(r, e), null);
      }
      String id = p.getEvent() == null || p.getEvent().getEventId() == null ? null
          : UsageRows.rowId(p.getEvent().getEventId(), p.getRevision());
      int start = scratch.size();
      try {
        usageRows.write(p, r.topic(), r.partition(), r.offset(), scratch);
        if (fastPath != null) {
          fastPath.enable(PricedUsageTranscoder.schemaId(r.value()));   // decoded and checked by the serde once
        }
        return Prepared.row(r, true, scratch, start, id);
      } catch (UnwritableRecordException e) {
        return Prepared.rejected(r, true, id, RejectReason.UNWRITABLE, e.getMessage(), p.getEvent());
      }
    }
    if (inputs != null && r.topic().equals(topics.commits())) {
      return prepareCommit(r, scratch);
    }
    if (inputs != null && r.topic().equals(topics.mcpInventory())) {
      return prepareInventory(r, scratch);
    }
    BudgetBreach b;
    try {
      b = breaches.decode(r.topic(), r.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      return Prepared.rejected(r, false, null, RejectReason.DESERIALIZATION, e.getMessage(), null);
    } catch (RuntimeException e) {
      return Prepared.rejected(r, false, null, RejectReason.DESERIALIZATION, corrupt(r, e), null);
    }
    int start = scratch.size();
    try {
      breachRows.write(b, r.topic(), r.partition(), r.offset(), scratch);
      return Prepared.row(r, false, scratch, start, b.getBreachId());
    } catch (UnwritableRecordException e) {
      return Prepared.rejected(r, false, b.getBreachId(), RejectReason.UNWRITABLE, e.getMessage(), null);
    }
  }

  /** How one of the agent-written inputs becomes a row of its table. */
  @FunctionalInterface
  private interface InputRows<T> {
    void write(T value, String topic, int partition, long offset, RowBinaryWriter out) throws UnwritableRecordException;
  }

  private Prepared prepareCommit(ConsumerRecord<byte[], byte[]> r, RowBinaryWriter scratch) {
    return prepareInput(r, scratch, inputs.commits(), commitRows::write, CommitRows.TABLE.name(), SessionCommit::getCommitId);
  }

  private Prepared prepareInventory(ConsumerRecord<byte[], byte[]> r, RowBinaryWriter scratch) {
    return prepareInput(r, scratch, inputs.inventory(), inventoryRows::write, McpInventoryRows.TABLE.name(),
        McpInventoryEntry::getEntryId);
  }

  /** Decodes an agent-written input and writes its row; bad data is rejected with its reason, a registry outage stops. */
  private <T extends org.apache.avro.specific.SpecificRecord> Prepared prepareInput(ConsumerRecord<byte[], byte[]> r,
      RowBinaryWriter scratch, AvroSerde<T> serde, InputRows<T> rows, String table, java.util.function.Function<T, String> id) {
    T value;
    try {
      value = serde.decode(r.topic(), r.value());
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      return Prepared.rejected(r, false, null, RejectReason.DESERIALIZATION, e.getMessage(), null);
    } catch (RuntimeException e) {
      return Prepared.rejected(r, false, null, RejectReason.DESERIALIZATION, corrupt(r, e), null);
    }
    int start = scratch.size();
    try {
      rows.write(value, r.topic(), r.partition(), r.offset(), scratch);
      return Prepared.rowOf(r, table, scratch, start, id.apply(value));
    } catch (UnwritableRecordException e) {
      return Prepared.rejected(r, false, id.apply(value), RejectReason.UNWRITABLE, e.getMessage(), null);
    }
  }

  /**
   * A decoding failure the serde does not sort (e.g. a decimal of zero bytes: valid Avro, but
   * {@code BigInteger} refuses it). Decoding is a function of the bytes, so it is bad data, never a
   * reason to stop the sink — which would stop again on the same record after every restart.
   */
  private static String corrupt(ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
    return "record on '" + r.topic() + "' has a corrupt Avro body: " + e;
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
    if (p.rowBytes() == null) {
      return;
    }
    if (!p.usage()) {
      batch.rowsOf(p.table()).add(p.rowBytes(), p.rowStart(), p.rowLength(), r, p.id());
      return;
    }
    if (p.id() != null && (!batch.firstInBatch(p.id()) || ledger.idInserted(tp, p.id()))) {
      metrics.duplicatesInBatch.incrementAndGet();
      return;
    }
    batch.usage.add(p.rowBytes(), p.rowStart(), p.rowLength(), r, p.id());
  }

  void reject(ConsumerRecord<byte[], byte[]> r, RejectReason reason, String message, String eventId,
      UsageEvent event) {
    rejects.reject(r, reason, message, eventId, event);
    metrics.rejected.incrementAndGet();
  }
}
