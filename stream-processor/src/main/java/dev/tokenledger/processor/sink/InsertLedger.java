package dev.tokenledger.processor.sink;

import dev.tokenledger.warehouse.BudgetBreachesTable;
import dev.tokenledger.warehouse.UsageEventsTable;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import dev.tokenledger.warehouse.clickhouse.TsvField;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Which uncommitted records are already in the warehouse. Every row carries its topic, partition and
 * offset; when the sink is assigned a partition it reads the offsets at or after the committed position
 * that a previous owner inserted but did not commit (crash between insert and commit), and skips those
 * records when they are delivered again. So no Kafka record is inserted twice and the rollup views,
 * which add whatever is inserted, stay exact. It also keeps the event ids (breach ids) of those rows
 * while the partition stays assigned: a copy of such an id at another offset is a second copy of an
 * event the rollups already counted. The table is read without {@code FINAL} on purpose: every inserted
 * offset must be seen, including copies that {@code FINAL} would hide (ADR 0304).
 */
final class InsertLedger {

  /** The ledger columns, named alike in every table the sink writes (the catalogue's TableTest). */
  private static final String TOPIC = UsageEventsTable.KAFKA_TOPIC.name();
  private static final String PARTITION = UsageEventsTable.KAFKA_PARTITION.name();
  private static final String OFFSET = UsageEventsTable.KAFKA_OFFSET.name();

  private final ClickHouseClient client;
  private final Retrier retrier;
  private final Map<TopicPartition, Set<Long>> inserted = new HashMap<>();
  private final Map<TopicPartition, Set<String>> insertedIds = new HashMap<>();

  InsertLedger(ClickHouseClient client, Retrier retrier) {
    this.client = client;
    this.retrier = retrier;
  }

  /** Loads the offsets of {@code tp} at or after {@code position} found in {@code table}; returns how many. */
  int load(TopicPartition tp, String table, long position) {
    return loadAll(table, Map.of(tp, position)).getOrDefault(tp, 0);
  }

  /**
   * Loads, with one scan of {@code table}, the offsets at or after each partition's position (all
   * partitions of one topic); returns how many were found per partition.
   */
  Map<TopicPartition, Integer> loadAll(String table, Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Integer> found = new HashMap<>();
    if (positions.isEmpty()) {
      return found;
    }
    String topic = positions.keySet().iterator().next().topic();
    StringBuilder where = new StringBuilder();
    for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
      if (!e.getKey().topic().equals(topic)) {
        throw new IllegalArgumentException("one topic per call: " + positions.keySet());
      }
      where.append(where.length() == 0 ? "" : " OR ").append('(').append(PARTITION).append(" = ").append(e.getKey().partition())
          .append(" AND ").append(OFFSET).append(" >= ").append(e.getValue()).append(')');
      inserted.remove(e.getKey());
      insertedIds.remove(e.getKey());
    }
    String sql = "SELECT DISTINCT " + PARTITION + ", " + OFFSET + ", " + idColumn(table) + " FROM " + table
        + " WHERE " + TOPIC + " = " + SqlLiteral.quote(topic) + " AND (" + where + ") FORMAT TabSeparated";
    String tsv = retrier.call("read the insert ledger of " + topic, () -> client.query(sql));
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split("\t");
        TopicPartition tp = new TopicPartition(topic, Integer.parseInt(f[0]));
        if (inserted.computeIfAbsent(tp, k -> new HashSet<>()).add(Long.parseLong(f[1].strip()))) {
          found.merge(tp, 1, Integer::sum);
        }
        if (f.length > 2 && !f[2].isEmpty()) {
          insertedIds.computeIfAbsent(tp, k -> new HashSet<>()).add(TsvField.unescape(f[2]));
        }
      }
    }
    return found;
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

  /**
   * True if {@code id} is in the warehouse from a record of {@code tp} at or after the position the
   * ledger was loaded from — asked for records that are not themselves ledger hits, so such a record is
   * a second copy of an event the rollups already counted.
   */
  boolean idInserted(TopicPartition tp, String id) {
    Set<String> s = insertedIds.get(tp);
    return s != null && s.contains(id);
  }



  /** The id column of a table, or an empty literal for the tables whose ids the ledger never consults (ADR 0620 inputs). */
  private static String idColumn(String table) {
    if (BreachRows.TABLE.name().equals(table)) {
      return BudgetBreachesTable.BREACH_ID.name();
    }
    if (UsageRows.TABLE.name().equals(table)) {
      return UsageRows.ROW_ID_SQL;   // a revision's row id differs from its event's first version (ADR 0145)
    }
    return "''";
  }

  /** A record's place in Kafka, as the warehouse rows record it. */
  record Position(String topic, int partition, long offset) {
    static Position of(ConsumerRecord<?, ?> r) {
      return new Position(r.topic(), r.partition(), r.offset());
    }
  }

  /**
   * Which of {@code rows} are in {@code table} (one query per topic over each partition's offset range);
   * used before re-sending an insert whose outcome is unknown. Not retried here: the caller's retry loop
   * covers it.
   */
  static Set<Position> present(ClickHouseClient client, String table, List<PendingRow> rows) {
    Map<String, Map<Integer, long[]>> ranges = new TreeMap<>();
    for (PendingRow row : rows) {
      ConsumerRecord<?, ?> r = row.source();
      long[] range = ranges.computeIfAbsent(r.topic(), t -> new TreeMap<>())
          .computeIfAbsent(r.partition(), p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      range[0] = Math.min(range[0], r.offset());
      range[1] = Math.max(range[1], r.offset());
    }
    Set<Position> out = new HashSet<>();
    for (Map.Entry<String, Map<Integer, long[]>> t : ranges.entrySet()) {
      StringBuilder where = new StringBuilder();
      t.getValue().forEach((partition, range) -> where.append(where.length() == 0 ? "" : " OR ")
          .append('(').append(PARTITION).append(" = ").append(partition).append(" AND ").append(OFFSET).append(" >= ").append(range[0])
          .append(" AND ").append(OFFSET).append(" <= ").append(range[1]).append(')'));
      String sql = "SELECT DISTINCT " + PARTITION + ", " + OFFSET + " FROM " + table + " WHERE " + TOPIC + " = "
          + SqlLiteral.quote(t.getKey()) + " AND (" + where + ") FORMAT TabSeparated";
      for (String line : client.query(sql).split("\n")) {
        if (!line.isEmpty()) {
          String[] f = line.split("\t");
          out.add(new Position(t.getKey(), Integer.parseInt(f[0].strip()), Long.parseLong(f[1].strip())));
        }
      }
    }
    return out;
  }

  void forget(TopicPartition tp) {
    inserted.remove(tp);
    insertedIds.remove(tp);
  }
}
