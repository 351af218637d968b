package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.COST_TOTAL;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_DAY;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_MONTH;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_WEEK;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.KAFKA_OFFSET;
import static dev.tokenledger.warehouse.UsageEventsTable.KAFKA_PARTITION;
import static dev.tokenledger.warehouse.UsageEventsTable.MULTIPLIER;
import static dev.tokenledger.warehouse.UsageEventsTable.OBSERVED_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.PRICED_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.PRICE_EFFECTIVE_FROM;
import static dev.tokenledger.warehouse.UsageEventsTable.REASONING_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_READ_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_1H_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_5M_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_COST_TOTAL;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_INPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_OUTPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_REASONING_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REVISION;
import static dev.tokenledger.warehouse.UsageEventsTable.REPORTED_COST_USD;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_COUNTS;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.VERSION;
import static dev.tokenledger.warehouse.UsageEventsTable.WEB_FETCH_REQUESTS;
import static dev.tokenledger.warehouse.UsageEventsTable.WEB_SEARCH_REQUESTS;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.util.Utf8;

/**
 * The fast path from a {@code usage.priced.v1} record (Confluent wire format, Avro {@link PricedUsage}) to
 * its {@code usage_events} row: reads the Avro binary with a resolving decoder (writer schema → the
 * contract's reader schema) into reusable per-thread fields — strings stay UTF-8 bytes, decimals stay
 * unscaled longs, times stay epoch milliseconds — and writes the RowBinary row in the column order of
 * {@link UsageRows#COLUMNS}, with no {@code String}, {@code BigInteger} or record object per row.
 *
 * <p>It is a shortcut, never the judge: for anything unusual — a schema id not yet seen decoded by the
 * serde (so its compatibility check ran), malformed bytes, invalid UTF-8, a value out of its column's
 * range — {@link #write} returns {@code null} with the buffer untouched, and the caller takes the
 * reference path ({@link AvroSerde#decode} + {@link UsageRows#write}), which produces the same bytes for
 * every valid record ({@code PricedUsageTranscoderTest} checks that) and the rejection with its reason.
 *
 * <p><b>Why one class of ~600 lines</b> (over the sink package's 300-line guide, on purpose): it is one
 * measured hot path (ADR 0305: ~1.6 µs per row against ~6 for the serde) whose parts share private
 * state. The {@code Plan} (built once from the contract: the kind and slot of every field) and the
 * per-thread {@code Reader} (the slots, filled by the resolving decoder, then written in column order)
 * agree on slot indices that no other class should see; split into files, the slot arrays would become
 * package API that {@link RecordRouter} or {@link UsageRows} could start to depend on. Its one test is
 * the parity with the reference path, which covers the class as a whole. A split into files would not
 * change what it does and would have to be measured again on a quiet machine
 * ({@code ./bench warehouse sink}) before it could replace this one.
 */
public final class PricedUsageTranscoder {

  private static final Schema READER = PricedUsage.getClassSchema();
  private static final long MAX_DAYS = LocalDate.of(2105, 12, 31).toEpochDay();

  private final SchemaRegistry registry;
  private final ZoneRules rules;
  private final Integer fixedOffsetSeconds;
  private final Map<Integer, Schema> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);
  private final Plan plan = new Plan();

  public PricedUsageTranscoder(SchemaRegistry registry, ZoneId zone) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.rules = zone.getRules();
    this.fixedOffsetSeconds = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : null;
  }

  /** The schema id of a Confluent wire-format payload, or -1 if it has no valid header. */
  public static int schemaId(byte[] payload) {
    if (payload == null || payload.length < AvroSerde.HEADER_SIZE || payload[0] != AvroSerde.MAGIC) {
      return -1;
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /**
   * Allows the fast path for records written with schema {@code id}; called after the serde decoded such
   * a record (so the registry has it cached and its compatibility with the contract was checked).
   */
  public void enable(int id) {
    if (id < 0 || writers.containsKey(id)) {
      return;
    }
    try {
      writers.put(id, registry.schemaById(id));
    } catch (RuntimeException e) {
      // stays on the reference path
    }
  }

  /**
   * Appends the row of {@code payload} to {@code out} and returns its event id; or returns {@code null},
   * with {@code out} unchanged, when the record must take the reference path.
   */
  public String write(byte[] payload, String topic, int partition, long offset, RowBinaryWriter out) {
    int id = schemaId(payload);
    Schema writer = id < 0 ? null : writers.get(id);
    if (writer == null) {
      return null;
    }
    int mark = out.size();
    try {
      Reader r = readers.get();   // inside: a reader that cannot be built (contract and transcoder apart) means the reference path
      r.read(id, writer, payload);
      r.writeRow(topic, partition, offset, out);
      return r.eventId();
    } catch (IOException | UnwritableRecordException | RuntimeException e) {
      out.truncate(mark);
      return null;
    }
  }

  // ---- the reader's plan: what each field of the contract is --------------------------------------

  private enum Kind { STRING, NULLABLE_STRING, LONG, INT, BOOLEAN, ENUM, DECIMAL, NULLABLE_DECIMAL, RECORD, TOOL_CALLS }

  /** Per record schema of the contract: the kind of each field and the slot its value goes to. */
  private static final class Plan {
    final Map<String, Kind[]> kinds = new HashMap<>();
    final Map<String, int[]> slots = new HashMap<>();
    final Map<String, Integer> slotByName = new HashMap<>();
    /** The symbols of each enum of the contract, as UTF-8. */
    final Map<String, Utf8[]> symbols = new HashMap<>();
    int strings;
    int longs;

    Plan() {
      visit(READER, "");
      requireScale("cost.input", INPUT_COST);
      requireScale("cost.output", OUTPUT_COST);
      requireScale("cost.cacheWrite5m", CACHE_WRITE_5M_COST);
      requireScale("cost.cacheWrite1h", CACHE_WRITE_1H_COST);
      requireScale("cost.cacheRead", CACHE_READ_COST);
      requireScale("cost.total", COST_TOTAL);
      requireScale("cacheSavings", CACHE_SAVINGS);
      requireScale("event.reportedCostUsd", REPORTED_COST_USD);
      requireScale("multiplier", MULTIPLIER);
      requireScale("replacedInputCost", REPLACED_INPUT_COST);
      requireScale("replacedOutputCost", REPLACED_OUTPUT_COST);
      requireScale("replacedCacheWrite5mCost", REPLACED_CACHE_WRITE_5M_COST);
      requireScale("replacedCacheWrite1hCost", REPLACED_CACHE_WRITE_1H_COST);
      requireScale("replacedCacheReadCost", REPLACED_CACHE_READ_COST);
      requireScale("replacedCostTotal", REPLACED_COST_TOTAL);
      requireScale("replacedCacheSavings", REPLACED_CACHE_SAVINGS);
    }

    /** The columns' scales are the contract's: the unscaled Avro value is the unscaled column value. */
    private void requireScale(String path, Column column) {
      int scale = column.requireDecimal().scale();
      Schema s = READER;
      String[] parts = path.split("\\.");
      for (String part : parts) {
        s = s.getField(part).schema();
        if (s.getType() == Schema.Type.UNION) {
          s = s.getTypes().get(1);
        }
      }
      if (!(s.getLogicalType() instanceof LogicalTypes.Decimal d) || d.getScale() != scale) {
        throw new IllegalStateException(path + " is not a decimal of scale " + scale + " in the contract: " + s);
      }
    }

    private void visit(Schema record, String prefix) {
      List<Schema.Field> fields = record.getFields();
      Kind[] k = new Kind[fields.size()];
      int[] slot = new int[fields.size()];
      for (Schema.Field f : fields) {
        String name = prefix + f.name();
        Schema s = f.schema();
        Kind kind = kindOf(s);
        k[f.pos()] = kind;
        switch (kind) {
          case STRING, NULLABLE_STRING -> slot[f.pos()] = strings++;
          case ENUM -> {
            slot[f.pos()] = strings++;
            symbols.put(s.getFullName(), s.getEnumSymbols().stream().map(Utf8::new).toArray(Utf8[]::new));
          }
          case LONG, INT, BOOLEAN, DECIMAL, NULLABLE_DECIMAL -> slot[f.pos()] = longs++;
          case RECORD -> visit(s, name + ".");
          case TOOL_CALLS -> visit(s.getElementType(), name + ".");
          default -> throw new IllegalStateException();
        }
        if (kind != Kind.RECORD && kind != Kind.TOOL_CALLS) {
          slotByName.put(name, slot[f.pos()]);
        }
      }
      kinds.put(record.getFullName(), k);
      slots.put(record.getFullName(), slot);
    }

    private static Kind kindOf(Schema s) {
      return switch (s.getType()) {
        case STRING -> Kind.STRING;
        case LONG -> Kind.LONG;
        case INT -> Kind.INT;
        case BOOLEAN -> Kind.BOOLEAN;
        case ENUM -> Kind.ENUM;
        case RECORD -> Kind.RECORD;
        case ARRAY -> Kind.TOOL_CALLS;
        case BYTES -> {
          if (!(s.getLogicalType() instanceof LogicalTypes.Decimal)) {
            throw new IllegalStateException("bytes without a decimal type in the contract: " + s);
          }
          yield Kind.DECIMAL;
        }
        case UNION -> {
          List<Schema> branches = s.getTypes();
          if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
            throw new IllegalStateException("union other than [null, T] in the contract: " + s);
          }
          Kind inner = kindOf(branches.get(1));
          if (inner == Kind.STRING) {
            yield Kind.NULLABLE_STRING;
          }
          if (inner == Kind.DECIMAL) {
            yield Kind.NULLABLE_DECIMAL;
          }
          throw new IllegalStateException("nullable " + inner + " in the contract: " + s);
        }
        default -> throw new IllegalStateException("type not handled by the transcoder: " + s);
      };
    }

    int slot(String path) {
      Integer s = slotByName.get(path);
      if (s == null) {
        throw new IllegalStateException("no field " + path + " in the contract");
      }
      return s;
    }
  }

  // ---- per-thread reading state -------------------------------------------------------------------

  private final class Reader {
    private BinaryDecoder binary;
    private final Map<Integer, ResolvingDecoder> resolving = new HashMap<>();
    /** String and enum values (enums as their symbol), UTF-8; nulls as length 0. */
    private final Utf8[] strings = new Utf8[plan.strings];
    /** Longs, ints, booleans (0/1), times (epoch ms) and unscaled decimals. */
    private final long[] longs = new long[plan.longs];
    private final boolean[] isNull = new boolean[plan.longs];
    private ByteBuffer bytes;
    // tool calls, in order
    private int tools;
    private Utf8[] toolName = new Utf8[4];
    private Utf8[] toolServer = new Utf8[4];
    private Utf8[] toolTool = new Utf8[4];
    private int[] toolCount = new int[4];
    // slots
    private final int eventId = plan.slot("event.eventId");
    private final int eventTime = plan.slot("event.eventTime");
    private final int observedTime = plan.slot("event.observedTime");
    private final int pricedTime = plan.slot("pricedTime");
    private final Utf8 empty = new Utf8();
    private final int strEventId = plan.slot("event.eventId");
    private final int strOrgId = plan.slot("event.orgId");
    private final int strSource = plan.slot("event.source");
    private final int strSourceVersion = plan.slot("event.sourceVersion");
    private final int strProvider = plan.slot("event.provider");
    private final int strModel = plan.slot("event.model");
    private final int strNormalizedModel = plan.slot("normalizedModel");
    private final int strUserId = plan.slot("event.userId");
    private final int strUserEmail = plan.slot("event.userEmail");
    private final int strHost = plan.slot("event.host");
    private final int strTeam = plan.slot("event.team");
    private final int strCostCentre = plan.slot("event.costCentre");
    private final int strProjectId = plan.slot("event.projectId");
    private final int strGitRemote = plan.slot("event.gitRemote");
    private final int strRepoRootHash = plan.slot("event.repoRootHash");
    private final int strBranch = plan.slot("event.branch");
    private final int strCommit = plan.slot("event.commit");
    private final int strWorktree = plan.slot("event.worktree");
    private final int strSessionId = plan.slot("event.sessionId");
    private final int strParentSessionId = plan.slot("event.parentSessionId");
    private final int strAgentName = plan.slot("event.agentName");
    private final int strAgentRole = plan.slot("event.agentRole");
    private final int strWorkflowStep = plan.slot("event.workflowStep");
    private final int numIsSidechain = plan.slot("event.isSidechain");
    private final int strRequestId = plan.slot("event.requestId");
    private final int strMessageId = plan.slot("event.messageId");
    private final int numTokensInput = plan.slot("event.tokens.input");
    private final int numTokensOutput = plan.slot("event.tokens.output");
    private final int numTokensCacheWrite5m = plan.slot("event.tokens.cacheWrite5m");
    private final int numTokensCacheWrite1h = plan.slot("event.tokens.cacheWrite1h");
    private final int numTokensCacheRead = plan.slot("event.tokens.cacheRead");
    private final int numTokensReasoning = plan.slot("event.tokens.reasoning");
    private final int numTokensTool = plan.slot("event.tokens.tool");
    private final int strServiceTier = plan.slot("event.serviceTier");
    private final int strSpeed = plan.slot("event.speed");
    private final int numWebSearchRequests = plan.slot("event.webSearchRequests");
    private final int numWebFetchRequests = plan.slot("event.webFetchRequests");
    private final int strAccuracy = plan.slot("event.accuracy");
    private final int strAgentVersion = plan.slot("event.agentVersion");
    private final int strNotes = plan.slot("event.notes");
    private final int strPriceVersion = plan.slot("priceVersion");
    private final int numPriceEffectiveFrom = plan.slot("priceEffectiveFrom");
    private final int numCostInput = plan.slot("cost.input");
    private final int numCostOutput = plan.slot("cost.output");
    private final int numCostCacheWrite5m = plan.slot("cost.cacheWrite5m");
    private final int numCostCacheWrite1h = plan.slot("cost.cacheWrite1h");
    private final int numCostCacheRead = plan.slot("cost.cacheRead");
    private final int numCostTotal = plan.slot("cost.total");
    private final int numCacheSavings = plan.slot("cacheSavings");
    private final int numLongContextTier = plan.slot("longContextTier");
    private final int numMultiplier = plan.slot("multiplier");
    private final int numReportedCostUsd = plan.slot("event.reportedCostUsd");
    private final int strCountsOrigin = plan.slot("event.countsOrigin");
    private final int numRevision = plan.slot("revision");
    private final int numReplacedInputTokens = plan.slot("replacedInputTokens");
    private final int numReplacedOutputTokens = plan.slot("replacedOutputTokens");
    private final int numReplacedCacheWrite5mTokens = plan.slot("replacedCacheWrite5mTokens");
    private final int numReplacedCacheWrite1hTokens = plan.slot("replacedCacheWrite1hTokens");
    private final int numReplacedCacheReadTokens = plan.slot("replacedCacheReadTokens");
    private final int numReplacedReasoningTokens = plan.slot("replacedReasoningTokens");
    private final int numReplacedInputCost = plan.slot("replacedInputCost");
    private final int numReplacedOutputCost = plan.slot("replacedOutputCost");
    private final int numReplacedCacheWrite5mCost = plan.slot("replacedCacheWrite5mCost");
    private final int numReplacedCacheWrite1hCost = plan.slot("replacedCacheWrite1hCost");
    private final int numReplacedCacheReadCost = plan.slot("replacedCacheReadCost");
    private final int numReplacedCostTotal = plan.slot("replacedCostTotal");
    private final int numReplacedCacheSavings = plan.slot("replacedCacheSavings");
    private final int strReplacedAccuracy = plan.slot("replacedAccuracy");

    Reader() {
      for (int i = 0; i < strings.length; i++) {
        strings[i] = new Utf8();
      }
    }

    void read(int id, Schema writer, byte[] payload) throws IOException {
      binary = DecoderFactory.get().binaryDecoder(payload, AvroSerde.HEADER_SIZE, payload.length - AvroSerde.HEADER_SIZE, binary);
      ResolvingDecoder in = resolving.get(id);
      if (in == null) {
        in = DecoderFactory.get().resolvingDecoder(writer, READER, binary);
        resolving.put(id, in);
      } else {
        in.configure(binary);
      }
      tools = 0;
      record(in, READER);
      in.drain();
      if (!binary.isEnd()) {
        throw new IOException("trailing bytes after the Avro body");
      }
    }

    private void record(ResolvingDecoder in, Schema schema) throws IOException {
      Kind[] kinds = plan.kinds.get(schema.getFullName());
      int[] slots = plan.slots.get(schema.getFullName());
      for (Schema.Field f : in.readFieldOrder()) {
        int pos = f.pos();
        int slot = slots[pos];
        switch (kinds[pos]) {
          case STRING -> readString(in, slot);
          case NULLABLE_STRING -> {
            if (in.readIndex() == 0) {
              in.readNull();
              strings[slot].setByteLength(0);
            } else {
              readString(in, slot);
            }
          }
          case ENUM -> strings[slot] = plan.symbols.get(f.schema().getFullName())[in.readEnum()];   // shared, never read into
          case LONG -> longs[slot] = in.readLong();
          case INT -> longs[slot] = in.readInt();
          case BOOLEAN -> longs[slot] = in.readBoolean() ? 1 : 0;
          case DECIMAL -> {
            isNull[slot] = false;
            longs[slot] = unscaled(in);
          }
          case NULLABLE_DECIMAL -> {
            if (in.readIndex() == 0) {
              in.readNull();
              isNull[slot] = true;
            } else {
              isNull[slot] = false;
              longs[slot] = unscaled(in);
            }
          }
          case RECORD -> record(in, f.schema());
          case TOOL_CALLS -> toolCalls(in, f.schema().getElementType());
          default -> throw new IllegalStateException();
        }
      }
    }

    private void readString(ResolvingDecoder in, int slot) throws IOException {
      Utf8 s = in.readString(strings[slot]);
      strings[slot] = s;
      validUtf8(s);
    }

    /** A big-endian two's-complement Avro decimal of at most 8 bytes as a long; longer ones go the reference way. */
    private long unscaled(ResolvingDecoder in) throws IOException {
      bytes = in.readBytes(bytes);
      int n = bytes.remaining();
      if (n == 0 || n > 8) {
        throw new IOException("decimal of " + n + " bytes");
      }
      int p = bytes.position();
      long v = bytes.get(p);   // sign-extended
      for (int i = 1; i < n; i++) {
        v = v << 8 | (bytes.get(p + i) & 0xFF);
      }
      return v;
    }

    private void toolCalls(ResolvingDecoder in, Schema element) throws IOException {
      Kind[] kinds = plan.kinds.get(element.getFullName());
      for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
        for (long i = 0; i < n; i++) {
          if (tools == toolName.length) {
            toolName = Arrays.copyOf(toolName, tools * 2);
            toolServer = Arrays.copyOf(toolServer, tools * 2);
            toolTool = Arrays.copyOf(toolTool, tools * 2);
            toolCount = Arrays.copyOf(toolCount, tools * 2);
          }
          for (Schema.Field f : in.readFieldOrder()) {
            Utf8 value = null;
            if (kinds[f.pos()] == Kind.INT) {
              toolCount[tools] = in.readInt();
              continue;
            }
            if (kinds[f.pos()] == Kind.NULLABLE_STRING && in.readIndex() == 0) {
              in.readNull();
            } else {
              Utf8[] column = switch (f.name()) {
                case "name" -> toolName;
                case "mcpServer" -> toolServer;
                default -> toolTool;
              };
              value = in.readString(column[tools] == empty ? null : column[tools]);
              validUtf8(value);
            }
            switch (f.name()) {
              case "name" -> toolName[tools] = value == null ? empty : value;
              case "mcpServer" -> toolServer[tools] = value == null ? empty : value;
              case "mcpTool" -> toolTool[tools] = value == null ? empty : value;
              default -> throw new IOException("unexpected tool call field " + f.name());
            }
          }
          tools++;
        }
      }
    }

    /** The sink's row id: the event id, with {@code #r<n>} for its n-th revision ({@link UsageRows#rowId}). */
    String eventId() {
      return UsageRows.rowId(strings[eventId].toString(), (int) longs[numRevision]);
    }

    void writeRow(String topic, int partition, long offset, RowBinaryWriter out) throws UnwritableRecordException {
      if (strings[eventId].getByteLength() == 0) {
        throw new UnwritableRecordException("event id is empty");
      }
      long timeMs = longs[eventTime];
      long day = epochDay(timeMs);
      if (day < 0 || day > MAX_DAYS) {
        throw new UnwritableRecordException("event_day out of range");
      }
      long monday = day - Math.floorMod(day + 3, 7);   // 1970-01-01 was a Thursday
      long monthStart = day - (LocalDate.ofEpochDay(day).getDayOfMonth() - 1);
      text(out, strEventId, strOrgId);
      out.dateTimeMillis(EVENT_TIME, timeMs).int64(timeMs)
          .epochDay(EVENT_DAY, day).epochDay(EVENT_WEEK, monday).epochDay(EVENT_MONTH, monthStart)
          .dateTimeMillis(OBSERVED_TIME, longs[observedTime]);
      text(out, strSource, strSourceVersion, strProvider, strModel, strNormalizedModel, strUserId,
          strUserEmail, strHost, strTeam, strCostCentre, strProjectId, strGitRemote,
          strRepoRootHash, strBranch, strCommit, strWorktree, strSessionId, strParentSessionId,
          strAgentName, strAgentRole, strWorkflowStep);
      out.bool(longs[numIsSidechain] != 0);
      text(out, strRequestId, strMessageId);
      out.uint64(INPUT_TOKENS, longs[numTokensInput])
          .uint64(OUTPUT_TOKENS, longs[numTokensOutput])
          .uint64(CACHE_WRITE_5M_TOKENS, longs[numTokensCacheWrite5m])
          .uint64(CACHE_WRITE_1H_TOKENS, longs[numTokensCacheWrite1h])
          .uint64(CACHE_READ_TOKENS, longs[numTokensCacheRead])
          .uint64(REASONING_TOKENS, longs[numTokensReasoning])
          .uint64(TOOL_TOKENS, longs[numTokensTool]);
      text(out, strServiceTier, strSpeed);
      out.uint32(WEB_SEARCH_REQUESTS, longs[numWebSearchRequests]).uint32(WEB_FETCH_REQUESTS, longs[numWebFetchRequests]);
      out.arrayLength(tools);
      for (int i = 0; i < tools; i++) {
        out.utf8(toolName[i].getBytes(), toolName[i].getByteLength());
      }
      out.arrayLength(tools);
      for (int i = 0; i < tools; i++) {
        out.utf8(toolServer[i].getBytes(), toolServer[i].getByteLength());
      }
      out.arrayLength(tools);
      for (int i = 0; i < tools; i++) {
        out.utf8(toolTool[i].getBytes(), toolTool[i].getByteLength());
      }
      out.arrayLength(tools);
      for (int i = 0; i < tools; i++) {
        out.uint32(TOOL_COUNTS, toolCount[i]);
      }
      text(out, strAccuracy);
      int reported = numReportedCostUsd;
      out.nullFlag(isNull[reported]);
      if (!isNull[reported]) {
        out.unscaledDecimal(REPORTED_COST_USD, longs[reported]);
      }
      text(out, strAgentVersion, strNotes, strPriceVersion);
      out.dateTimeMillis(PRICE_EFFECTIVE_FROM, longs[numPriceEffectiveFrom])
          .unscaledDecimal(INPUT_COST, longs[numCostInput])
          .unscaledDecimal(OUTPUT_COST, longs[numCostOutput])
          .unscaledDecimal(CACHE_WRITE_5M_COST, longs[numCostCacheWrite5m])
          .unscaledDecimal(CACHE_WRITE_1H_COST, longs[numCostCacheWrite1h])
          .unscaledDecimal(CACHE_READ_COST, longs[numCostCacheRead])
          .unscaledDecimal(COST_TOTAL, longs[numCostTotal])
          .unscaledDecimal(CACHE_SAVINGS, longs[numCacheSavings])
          .bool(longs[numLongContextTier] != 0)
          .unscaledDecimal(MULTIPLIER, longs[numMultiplier])
          .dateTimeMillis(PRICED_TIME, longs[pricedTime])
          .uint64(VERSION, longs[pricedTime])
          .string(topic)
          .uint32(KAFKA_PARTITION, partition)
          .uint64(KAFKA_OFFSET, offset);
      text(out, strCountsOrigin);
      out.uint32(REVISION, longs[numRevision])
          .uint64(REPLACED_INPUT_TOKENS, longs[numReplacedInputTokens])
          .uint64(REPLACED_OUTPUT_TOKENS, longs[numReplacedOutputTokens])
          .uint64(REPLACED_CACHE_WRITE_5M_TOKENS, longs[numReplacedCacheWrite5mTokens])
          .uint64(REPLACED_CACHE_WRITE_1H_TOKENS, longs[numReplacedCacheWrite1hTokens])
          .uint64(REPLACED_CACHE_READ_TOKENS, longs[numReplacedCacheReadTokens])
          .uint64(REPLACED_REASONING_TOKENS, longs[numReplacedReasoningTokens])
          .unscaledDecimal(REPLACED_INPUT_COST, longs[numReplacedInputCost])
          .unscaledDecimal(REPLACED_OUTPUT_COST, longs[numReplacedOutputCost])
          .unscaledDecimal(REPLACED_CACHE_WRITE_5M_COST, longs[numReplacedCacheWrite5mCost])
          .unscaledDecimal(REPLACED_CACHE_WRITE_1H_COST, longs[numReplacedCacheWrite1hCost])
          .unscaledDecimal(REPLACED_CACHE_READ_COST, longs[numReplacedCacheReadCost])
          .unscaledDecimal(REPLACED_COST_TOTAL, longs[numReplacedCostTotal])
          .unscaledDecimal(REPLACED_CACHE_SAVINGS, longs[numReplacedCacheSavings]);
      text(out, strReplacedAccuracy);
    }

    /** String columns from the slots, in order. */
    private void text(RowBinaryWriter out, int... slots) {
      for (int slot : slots) {
        out.utf8(strings[slot].getBytes(), strings[slot].getByteLength());
      }
    }

    private long epochDay(long epochMillis) {
      long sec = Math.floorDiv(epochMillis, 1000L);
      int offset = fixedOffsetSeconds != null ? fixedOffsetSeconds : rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
      return Math.floorDiv(sec + offset, 86_400L);
    }

  }

  /** Strict UTF-8 (what {@code new String(bytes, UTF_8)} decodes without replacement); else the reference path. */
  static void validUtf8(Utf8 s) throws IOException {
    byte[] b = s.getBytes();
    int n = s.getByteLength();
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int len;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
      } else {
        throw new IOException("invalid UTF-8");
      }
      if (i + len > n) {
        throw new IOException("invalid UTF-8");
      }
      int cp = c & (0xFF >> (len + 1));
      for (int k = 1; k < len; k++) {
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          throw new IOException("invalid UTF-8");
        }
        cp = cp << 6 | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw new IOException("invalid UTF-8");
      }
      i += len;
    }
  }
}
