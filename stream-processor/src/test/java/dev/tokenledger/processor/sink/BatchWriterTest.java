package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectStage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

  /** Accepts bodies without the marker BAD; refuses the others as bad data; counts requests. */
  private static final class FakeClickHouse implements ClickHouseClient {
    final List<String> inserted = new ArrayList<>();
    final List<String> queries = new ArrayList<>();
    int requests;
    int unavailableFirst;
    /** Inserts that commit (all rows, or the first {@code commitOnlyFirst} rows) and then fail with a read timeout. */
    int committedThenTimeout;
    int commitOnlyFirst = Integer.MAX_VALUE;
    /** With {@link #committedThenTimeout}: only every other row commits (e.g. rows of two months interleaved, one part written). */
    boolean commitEveryOther;
    /** Inserts whose client times out while the server goes on: their rows commit when the query ends (awaitEnd). */
    int stillRunningAfterTimeout;
    final Map<String, List<String>> running = new HashMap<>();
    final List<String> awaited = new ArrayList<>();
    /** Refusals that come after the base table's part was written (e.g. from the rollup view). */
    boolean refuseAfterWriting;

    @Override
    public void insert(String insertSql, byte[] body, int offset, int length, String queryId) {
      if (stillRunningAfterTimeout > 0) {
        stillRunningAfterTimeout--;
        requests++;
        running.put(queryId, new String(body, offset, length, StandardCharsets.UTF_8).lines().toList());
        throw new ClickHouseException.Unavailable("ClickHouse unreachable: java.net.http.HttpTimeoutException: request timed out", -1, null);
      }
      insert(insertSql, Arrays.copyOfRange(body, offset, offset + length));
    }

    @Override
    public void awaitEnd(String queryId) {
      awaited.add(queryId);
      List<String> rows = running.remove(queryId);
      if (rows != null) {
        inserted.addAll(rows);   // the server finished the insert after the client had given up
      }
    }

    @Override
    public void insert(String insertSql, byte[] body) {
      running.values().forEach(inserted::addAll);   // an insert the client gave up on finishes by the next request at the latest
      running.clear();
      requests++;
      if (unavailableFirst > 0) {
        unavailableFirst--;
        throw new ClickHouseException.Unavailable("connection refused", -1, null);
      }
      String text = new String(body, StandardCharsets.UTF_8);
      if (committedThenTimeout > 0) {
        committedThenTimeout--;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() && i < commitOnlyFirst; i++) {
          if (!commitEveryOther || i % 2 == 0) {
            inserted.add(lines.get(i));
          }
        }
        throw new ClickHouseException.Unavailable("ClickHouse unreachable: java.net.http.HttpTimeoutException: request timed out", -1, null);
      }
      if (text.contains("BAD")) {
        if (refuseAfterWriting) {
          text.lines().forEach(inserted::add);
        }
        throw new ClickHouseException.BadData("Code: 27. Cannot parse input", 27);
      }
      text.lines().forEach(inserted::add);
    }

    @Override
    public void execute(String sql) {}

    /** The insert ledger of the rows stored so far: rows are "ok-OFFSET", all in partition 0. */
    @Override
    public String query(String sql) {
      queries.add(sql);
      StringBuilder out = new StringBuilder();
      for (String line : inserted) {
        out.append("0\t").append(line.substring(line.indexOf('-') + 1)).append('\n');
      }
      return out.toString();
    }

    @Override
    public void ensureDatabase() {}

    @Override
    public String database() {
      return "test";
    }
  }

  private static final String INSERT = "INSERT INTO t (a) FORMAT RowBinary";
  private final FakeClickHouse ch = new FakeClickHouse();
  private final MockProducer<String, RejectedEvent> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, v) -> new byte[0]);
  private final SinkMetrics metrics = new SinkMetrics();
  private final Topics topics = Topics.withPrefix("t.");
  private final RejectPublisher rejects = new RejectPublisher(producer, topics.rejected(), Clock.systemUTC());
  private final RecordRouter router = new RecordRouter(topics, null, null, null, null, rejects, metrics);
  /** A fake clock: the retrier's waits advance it, so giving up after 1 s takes no real time. */
  private final long[] nanos = {0};
  private final Retrier retrier = new Retrier(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)),
      d -> nanos[0] += d.toNanos(), () -> nanos[0], metrics.retries::incrementAndGet);
  private final BatchWriter writer = new BatchWriter(ch, retrier, router);

  @Test
  void refusedRowsAreIsolatedAndRejectedWhileTheRestIsInserted() {
    TableRows rows = new TableRows();
    for (int i = 0; i < 16; i++) {
      add(rows, i, i == 5 || i == 11 ? "BAD" : "ok-" + i);
    }
    assertThat(writer.write("t", INSERT, rows)).isEqualTo(14);
    rejects.flush();

    assertThat(ch.inserted).hasSize(14).doesNotContain("BAD");
    assertThat(producer.history()).hasSize(2).allSatisfy(r -> {
      assertThat(r.value().getStage()).isEqualTo(RejectStage.SINK);
      assertThat(r.value().getReason()).isEqualTo(RejectReason.UNWRITABLE);
      assertThat(r.value().getMessage()).contains("ClickHouse refused the row").contains("Cannot parse input");
    });
    assertThat(producer.history()).extracting(r -> r.value().getSourceOffset()).containsExactlyInAnyOrder(5L, 11L);
    assertThat(producer.history()).extracting(r -> r.key()).containsExactlyInAnyOrder("evt-5", "evt-11");
    assertThat(metrics.rejected()).isEqualTo(2);
    assertThat(ch.requests).isLessThan(16 + 15);   // halving, not one request per row from the start
  }

  @Test
  void transientFailuresAreRetriedThenTheBatchIsInsertedOnce() {
    ch.unavailableFirst = 3;
    assertThat(writer.write("t", INSERT, rows("a", "b"))).isEqualTo(2);
    assertThat(ch.inserted).containsExactly("a", "b");
    assertThat(metrics.retries()).isEqualTo(3);
  }

  @Test
  void aRetryAfterAnInsertThatCommittedButTimedOutSendsNothingAgain() {
    ch.committedThenTimeout = 1;
    assertThat(writer.write("t", INSERT, rows("ok-0", "ok-1", "ok-2"))).isEqualTo(3);
    assertThat(ch.inserted).containsExactly("ok-0", "ok-1", "ok-2");
    assertThat(ch.requests).isEqualTo(1);
    assertThat(ch.queries).singleElement().satisfies(q -> assertThat(q)
        .contains("FROM t WHERE kafka_topic = 't.usage.priced.v1'")
        .contains("(kafka_partition = 0 AND kafka_offset >= 0 AND kafka_offset <= 2)"));
  }

  @Test
  void aRetryAfterAHalfWrittenInsertSendsOnlyTheMissingRows() {
    ch.committedThenTimeout = 1;
    ch.commitOnlyFirst = 2;   // e.g. the part of the first month committed, the second one not
    assertThat(writer.write("t", INSERT, rows("ok-0", "ok-1", "ok-2", "ok-3"))).isEqualTo(4);
    assertThat(ch.inserted).containsExactly("ok-0", "ok-1", "ok-2", "ok-3");
    assertThat(ch.requests).isEqualTo(2);
  }

  @Test
  void refusedRowsAfterAnUnknownOutcomeAreIsolatedAmongTheRowsNotYetInserted() {
    ch.committedThenTimeout = 1;
    ch.commitOnlyFirst = 2;
    assertThat(writer.write("t", INSERT, rows("ok-0", "ok-1", "BAD-2", "ok-3"))).isEqualTo(3);
    rejects.flush();
    assertThat(ch.inserted).containsExactly("ok-0", "ok-1", "ok-3");
    assertThat(producer.history()).extracting(r -> r.value().getSourceOffset()).containsExactly(2L);
  }

  @Test
  void anInsertStillRunningAfterTheClientTimedOutIsAwaitedBeforeTheLedgerIsAsked() {
    ch.stillRunningAfterTimeout = 1;
    assertThat(writer.write("t", INSERT, rows("ok-0", "ok-1", "ok-2"))).isEqualTo(3);
    assertThat(ch.inserted).containsExactly("ok-0", "ok-1", "ok-2");   // committed late by the server, not sent again
    assertThat(ch.awaited).singleElement().asString().startsWith("tokenledger-sink-");
    assertThat(ch.requests).isEqualTo(1);
  }

  @Test
  void aRefusalAfterTheBaseTableWasWrittenSendsNothingAgain() {
    ch.refuseAfterWriting = true;
    assertThat(writer.write("t", INSERT, rows("ok-0", "BAD-1", "ok-2"))).isEqualTo(3);
    rejects.flush();
    assertThat(ch.inserted).containsExactly("ok-0", "BAD-1", "ok-2");   // each row once
    assertThat(ch.requests).isEqualTo(1);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aRetryAfterInterleavedRowsCommittedSendsTheOthersAsOneCopiedBody() {
    ch.committedThenTimeout = 1;
    ch.commitEveryOther = true;
    TableRows rows = rows("ok-0", "ok-1", "ok-2", "ok-3");
    assertThat(writer.write("t", INSERT, rows)).isEqualTo(4);
    assertThat(ch.inserted).containsExactly("ok-0", "ok-2", "ok-1", "ok-3");
    assertThat(ch.requests).isEqualTo(2);
  }

  @Test
  void anUnreachableServerEndsInRetriesExhaustedWithNothingRejected() {
    ch.unavailableFirst = Integer.MAX_VALUE;
    assertThatThrownBy(() -> writer.write("t", INSERT, rows("a")))
        .isInstanceOf(Retrier.RetriesExhausted.class);
    assertThat(producer.history()).isEmpty();
  }

  /** Rows at offsets 0, 1, … whose bytes are their text plus a newline (the fake splits bodies into lines). */
  private static TableRows rows(String... texts) {
    TableRows rows = new TableRows();
    for (int i = 0; i < texts.length; i++) {
      add(rows, i, texts[i]);
    }
    return rows;
  }

  private static void add(TableRows rows, int offset, String text) {
    byte[] bytes = ("#" + text + "\n#").getBytes(StandardCharsets.UTF_8);   // a row inside a larger scratch buffer
    rows.add(bytes, 1, bytes.length - 2, new ConsumerRecord<>("t.usage.priced.v1", 0, offset, new byte[0], new byte[] {1}), "evt-" + offset);
  }
}
