package dev.tokenledger.processor.sink;

import dev.tokenledger.processor.warehouse.ClickHouseClient;
import dev.tokenledger.processor.warehouse.Retrier;
import dev.tokenledger.processor.warehouse.SqlLiteral;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which uncommitted records are already in the warehouse. Every row carries its topic, partition and
 * offset; when the sink is assigned a partition it reads the offsets at or after the committed position
 * that a previous owner inserted but did not commit (crash between insert and commit), and skips those
 * records when they are delivered again. So no Kafka record is inserted twice and the rollup views,
 * which add whatever is inserted, stay exact.
 */
final class InsertLedger {

  private final ClickHouseClient client;
  private final Retrier retrier;
  private final Map<TopicPartition, Set<Long>> inserted = new HashMap<>();

  InsertLedger(ClickHouseClient client, Retrier retrier) {
    this.client = client;
    this.retrier = retrier;
  }

  /** Loads the offsets of {@code tp} at or after {@code position} found in {@code table}; returns how many. */
  int load(TopicPartition tp, String table, long position) {
    String sql = "SELECT DISTINCT kafka_offset FROM " + table + " WHERE kafka_topic = " + SqlLiteral.quote(tp.topic())
        + " AND kafka_partition = " + tp.partition() + " AND kafka_offset >= " + position + " FORMAT TabSeparated";
    String tsv = retrier.call("read the insert ledger of " + tp, () -> client.query(sql));
    Set<Long> offsets = new HashSet<>();
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        offsets.add(Long.parseLong(line.strip()));
      }
    }
    if (offsets.isEmpty()) {
      inserted.remove(tp);
    } else {
      inserted.put(tp, offsets);
    }
    return offsets.size();
  }

  /** True (once) if the record at {@code offset} of {@code tp} is already in the warehouse. */
  boolean alreadyInserted(TopicPartition tp, long offset) {
    Set<Long> s = inserted.get(tp);
    if (s == null) {
      return false;
    }
    boolean hit = s.remove(offset);
    if (s.isEmpty()) {
      inserted.remove(tp);
    }
    return hit;
  }

  void forget(TopicPartition tp) {
    inserted.remove(tp);
  }
}
