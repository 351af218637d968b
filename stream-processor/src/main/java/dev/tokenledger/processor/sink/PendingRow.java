package dev.tokenledger.processor.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A row waiting in a batch, with the record it came from (for rejection). */
record PendingRow(String tsv, ConsumerRecord<byte[], byte[]> source, String eventId) {}
