package dev.tokenledger.processor.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A row waiting in a batch: {@code length} RowBinary bytes at {@code start} of its table's batch buffer
 * ({@link TableRows}), with the record it came from (for rejection and the insert ledger).
 */
record PendingRow(ConsumerRecord<byte[], byte[]> source, String eventId, int start, int length) {}
