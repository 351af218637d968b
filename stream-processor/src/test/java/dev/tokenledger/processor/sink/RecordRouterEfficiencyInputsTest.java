package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.Retrier;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The efficiency inputs (ADR 0620) go to their own tables, with the insert ledger's discipline. */
class RecordRouterEfficiencyInputsTest {

  static final String HASH = "0123456789abcdef0123456789abcdef01234567";
  static final Instant COMMITTED = Instant.parse("2026-11-20T10:15:30Z");
  static final Instant OBSERVED = Instant.parse("2026-11-20T11:00:00Z");

  private final Topics topics = Topics.withPrefix("t.");
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<SessionCommit> commits = AvroSerde.forValue(SessionCommit.class, registry);
  private final AvroSerde<McpInventoryEntry> inventory = AvroSerde.forValue(McpInventoryEntry.class, registry);
  private final List<String> queries = new ArrayList<>();
  /** The commits table holds offset 3 of partition 0 (inserted, not committed). */
  private final ClickHouseClient ch = new ClickHouseClient() {
    @Override
    public void execute(String sql) {}

    @Override
    public String query(String sql) {
      queries.add(sql);
      return "0\t3\t\n";
    }

    @Override
    public void insert(String insertSql, byte[] body) {}

    @Override
    public void ensureDatabase() {}

    @Override
    public String database() {
      return "test";
    }
  };
  private final SinkMetrics metrics = new SinkMetrics();
  private final InsertLedger ledger = new InsertLedger(ch, new Retrier(
      new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)), d -> {}, System::nanoTime, () -> {}));
  private final RecordRouter router = new RecordRouter(topics, null, null,
      new RecordRouter.EfficiencyInputs(commits, inventory), new UsageRows(ZoneOffset.UTC), null, ledger, null, metrics);

  static SessionCommit commit(String hash, long added) {
    return SessionCommit.newBuilder().setCommitId("acme|proj-1|" + hash).setOrgId("acme").setUserId("u1").setTeam(null)
        .setSource(SourceTool.CLAUDE_CODE).setSessionId("s1").setProjectId("proj-1").setBranch("main").setCommitHash(hash)
        .setCommitTime(COMMITTED).setLinesAdded(added).setLinesRemoved(4).setFilesChanged(2).setObservedTime(OBSERVED).build();
  }

  static McpInventoryEntry entry(String server) {
    return McpInventoryEntry.newBuilder().setEntryId("acme|u1|h1|CODEX_CLI|" + server + "|" + OBSERVED.toEpochMilli())
        .setOrgId("acme").setUserId("u1").setTeam("platform").setHost("h1").setSource(SourceTool.CODEX_CLI).setServer(server)
        .setObservedTime(OBSERVED).build();
  }

  @Test
  void eachTopicGoesToItsTable() {
    assertThat(router.tableOf(topics.commits())).isEqualTo("session_commits");
    assertThat(router.tableOf(topics.mcpInventory())).isEqualTo("mcp_inventory");
    assertThat(router.tableOf(topics.priced())).isEqualTo("usage_events");
    assertThat(router.tableOf(topics.breaches())).isEqualTo("budget_breaches");
  }

  @Test
  void aCommitBecomesASessionCommitsRowInTheCatalogueOrder() {
    PendingBatch batch = new PendingBatch();
    router.route(record(topics.commits(), 7, commits.encode(topics.commits(), commit(HASH, 12))), batch, 0);
    assertThat(batch.commits.rows()).singleElement().satisfies(r -> assertThat(r.eventId()).isEqualTo("acme|proj-1|" + HASH));
    assertThat(batch.usage.isEmpty()).isTrue();
    assertThat(batch.breaches.isEmpty()).isTrue();
    PendingRow row = batch.commits.rows().get(0);
    ByteBuffer b = ByteBuffer.wrap(batch.commits.bytes(), row.start(), row.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(List.of(str(b), str(b), str(b), str(b), str(b), str(b), str(b), str(b)))
        .containsExactly("acme", "proj-1", HASH, "s1", "u1", "", "main", "CLAUDE_CODE");
    assertThat(Integer.toUnsignedLong(b.getInt())).isEqualTo(COMMITTED.getEpochSecond());
    assertThat(b.getInt()).isEqualTo(12);
    assertThat(b.getInt()).isEqualTo(4);
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(Integer.toUnsignedLong(b.getInt())).isEqualTo(OBSERVED.getEpochSecond());
    assertThat(b.getLong()).isEqualTo(OBSERVED.toEpochMilli());
    assertThat(str(b)).isEqualTo(topics.commits());
    assertThat(b.getInt()).isZero();
    assertThat(b.getLong()).isEqualTo(7);
    assertThat(b.hasRemaining()).isFalse();
  }

  @Test
  void anInventoryEntryBecomesAnMcpInventoryRow() {
    PendingBatch batch = new PendingBatch();
    router.route(record(topics.mcpInventory(), 0, inventory.encode(topics.mcpInventory(), entry("linear"))), batch, 0);
    PendingRow row = batch.inventory.rows().get(0);
    ByteBuffer b = ByteBuffer.wrap(batch.inventory.bytes(), row.start(), row.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(List.of(str(b), str(b), str(b), str(b), str(b), str(b)))
        .containsExactly("acme", "u1", "h1", "platform", "CODEX_CLI", "linear");
    assertThat(Integer.toUnsignedLong(b.getInt())).isEqualTo(OBSERVED.getEpochSecond());
    assertThat(b.getLong()).isEqualTo(OBSERVED.toEpochMilli());
    assertThat(batch.rows()).isEqualTo(1);
  }

  @Test
  void aRecordTheLedgerShowsWrittenIsSkippedAndTheLedgerAsksNoIdColumn() {
    TopicPartition tp = new TopicPartition(topics.commits(), 0);
    assertThat(ledger.load(tp, "session_commits", 3)).isEqualTo(1);
    assertThat(queries).singleElement().satisfies(q -> assertThat(q).contains("kafka_offset, '' FROM session_commits"));
    PendingBatch batch = new PendingBatch();
    router.route(record(topics.commits(), 3, commits.encode(topics.commits(), commit(HASH, 12))), batch, 0);
    router.route(record(topics.commits(), 4, commits.encode(topics.commits(), commit(HASH, 12))), batch, 0);
    assertThat(batch.commits.rows()).extracting(r -> r.source().offset()).containsExactly(4L);
    assertThat(metrics.alreadyInserted()).isEqualTo(1);
  }

  @Test
  void aCommitThatIsNoHashAndAnUndecodableRecordAreRejectedNotFatal() {
    RowBinaryWriter scratch = new RowBinaryWriter(64);
    RecordRouter.Prepared bad = router.prepare(record(topics.commits(), 0,
        commits.encode(topics.commits(), commit("not-a-hash", 1))), scratch);
    assertThat(bad.reason()).isEqualTo(RejectReason.UNWRITABLE);
    assertThat(bad.message()).contains("not a commit hash");
    assertThat(scratch.size()).isZero();
    RecordRouter.Prepared garbage = router.prepare(record(topics.mcpInventory(), 1,
        "garbage".getBytes(StandardCharsets.UTF_8)), scratch);
    assertThat(garbage.reason()).isEqualTo(RejectReason.DESERIALIZATION);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, byte[] value) {
    return new ConsumerRecord<>(topic, 0, offset, new byte[0], value);
  }

  /** Reads a RowBinary string (LEB128 length, UTF-8 bytes). */
  private static String str(ByteBuffer b) {
    int len = 0;
    int shift = 0;
    int x;
    do {
      x = b.get() & 0xff;
      len |= (x & 0x7f) << shift;
      shift += 7;
    } while ((x & 0x80) != 0);
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
